package io.rapport.relationship.query;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.platform.cache.CaffeineCache;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.ConsentState;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerProfileUpdatedEvent;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.CustomersUnmergedEvent;
import io.rapport.relationship.api.FindTimelineQuery;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.TimelineEntry;
import io.rapport.relationship.api.TimelinePage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * A customer's timeline, read from their events by key, filtered and paged. Pages are cut by a cursor on
 * (time, sequence) rather than an offset, so entries recorded meanwhile neither repeat nor go missing.
 *
 * <p>A page does not read a long history whole. The customer's own events are taken in blocks of {@value #BLOCK}
 * by sequence; for each complete block (they never change) the earliest and latest time of its entries, their types,
 * kinds and channels, and whether it changes merges are remembered. A page reads the incomplete tail, then the
 * complete blocks that can hold an entry of the page (within {@code from}/{@code to} and its filters, not all newer
 * than the cursor), the one with the latest
 * entry first, and stops as soon as no block left can hold an entry newer than the page's last one (late entries,
 * such as a registration in the first block after a history imported behind it, cost one block more). A history with
 * merges in it is read whole, as are the histories of the customers merged into it. A block is remembered once its
 * last event is a minute old: an append that fails is taken back at once, and its sequence numbers used again.
 */
@Component
public class Timelines {

    static final int MAX_PAGE = 500;
    /** Events per block: the unit in which a long history is summarised and read back. */
    static final int BLOCK = 200;
    private static final int REMEMBERED_CUSTOMERS = 10_000;
    private static final Duration SETTLED = Duration.ofMinutes(1);

    private record Positioned(TimelineEntry entry, long sequence) {
    }

    /**
     * What a complete block of a customer's own events holds: the time span of its entries (null for none), whether
     * it changes merges, and bit sets of its entries' types ({@link #TYPES}), interaction kinds and channels.
     */
    record Block(Instant earliest, Instant latest, boolean merges, int types, int kinds, int channels) {
    }

    /** The entry types, in the order of their bits in {@link Block#types()}. */
    private static final List<String> TYPES = List.of("REGISTERED", "INTERACTION", "CONSENT_CHANGED", "ERASED", "MERGED",
            "UNMERGED", "PROFILE_UPDATED");

    /** A block being read: what it holds so far. */
    private static final class Summary {

        private Instant earliest;
        private Instant latest;
        private boolean merges;
        private int types;
        private int kinds;
        private int channels;

        void add(Object payload, TimelineEntry entry) {
            merges |= MergedHistory.changesMerges(payload);
            if (entry == null) {
                return;
            }
            earliest = earliest == null || entry.at().isBefore(earliest) ? entry.at() : earliest;
            latest = latest == null || entry.at().isAfter(latest) ? entry.at() : latest;
            types |= typeBit(entry.type());
            if (entry.interaction() != null) {
                kinds |= 1 << entry.interaction().kind().ordinal();
                channels |= 1 << entry.interaction().channel().ordinal();
            } else if (entry.consent() != null) {
                channels |= 1 << entry.consent().channel().ordinal();
            }
        }

        Block block() {
            return new Block(earliest, latest, merges, types, kinds, channels);
        }
    }

    private static int typeBit(String type) {
        int index = TYPES.indexOf(type);
        return index < 0 ? -1 : 1 << index;
    }

    private static <E extends Enum<E>> int bits(Set<E> values) {
        return values.stream().mapToInt(value -> 1 << value.ordinal()).reduce(0, (a, b) -> a | b);
    }

    private static final Comparator<Positioned> NEWEST_FIRST = Comparator
            .comparing((Positioned p) -> p.entry().at()).thenComparing(p -> p.entry().customerId())
            .thenComparingLong(Positioned::sequence).reversed();

    private final MergedHistory.EventsFrom events;
    private final Clock clock;
    /** Relationship id to the summaries of its complete blocks, in order; only histories of a block or more. */
    private final CaffeineCache blocks = new CaffeineCache(REMEMBERED_CUSTOMERS);

    @Autowired
    public Timelines(EventStore eventStore, MeterRegistry meters) {
        this(MergedHistory.eventsFrom(() -> eventStore), Clock.systemUTC());
        blocks.monitoredBy(meters, "timeline-blocks");
    }

    Timelines(MergedHistory.EventsFrom events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @QueryHandler
    public TimelinePage handle(FindTimelineQuery query) {
        int size = Math.min(Math.max(1, query.pageSize()), MAX_PAGE);
        Page page = new Page(query, query.pageToken() == null ? null : decode(query.pageToken()), size);
        String id = query.relationshipId();
        List<Block> known = blocks.get(id);
        if (known == null || known.stream().anyMatch(Block::merges)) {
            known = List.of();
        }
        long first = (long) known.size() * BLOCK;
        List<Block> completed = page.readOwn(events.read(id, first), first, Long.MAX_VALUE,
                clock.instant().minus(SETTLED));
        if (known.isEmpty() && page.ownEvents == 0) {
            return null;
        }
        if (!completed.isEmpty()) {
            blocks.put(id, Stream.concat(known.stream(), completed.stream()).toList());
        }
        String tenant = id.substring(0, id.indexOf('/'));
        for (String customerId : page.merged) {
            page.readMerged(events.read(RelationshipIds.of(tenant, customerId), 0));
        }
        List<Block> remembered = known;
        List<Integer> unread = IntStream.range(0, known.size()).filter(j -> page.mayHold(remembered.get(j))).boxed()
                .sorted(Comparator.comparing((Integer j) -> remembered.get(j).latest()).reversed()).toList();
        for (int j : unread) {
            if (page.beats(known.get(j).latest())) {
                break;
            }
            page.readOwn(events.read(id, (long) j * BLOCK), (long) j * BLOCK, BLOCK, Instant.MIN);
        }
        return page.result();
    }

    /** The entries a page may show, kept to the best {@code size + 1} (one more tells whether a next page exists). */
    private static final class Page {

        private final FindTimelineQuery query;
        private final Positioned after;
        private final int size;
        /** The query's filters as the bits of {@link Block}: 0 for no filter. */
        private final int types;
        private final int kinds;
        private final int channels;
        private final Set<String> merged = new LinkedHashSet<>();
        private List<Positioned> entries = new ArrayList<>();
        private long ownEvents;

        Page(FindTimelineQuery query, Positioned after, int size) {
            this.query = query;
            this.after = after;
            this.size = size;
            this.types = query.types().stream().mapToInt(Timelines::typeBit).reduce(0, (a, b) -> a | b);
            this.kinds = bits(query.kinds());
            this.channels = bits(query.channels());
        }

        /**
         * Reads at most {@code limit} of the customer's own events; answers the blocks it saw complete whose last
         * event was recorded before {@code settled}.
         */
        List<Block> readOwn(Iterator<? extends DomainEventMessage<?>> stream, long first, long limit, Instant settled) {
            List<Block> completed = new ArrayList<>();
            long block = first / BLOCK;
            int inBlock = 0;
            Summary summary = new Summary();
            for (long n = 0; n < limit && stream.hasNext(); n++) {
                DomainEventMessage<?> event = stream.next();
                ownEvents++;
                if (event.getSequenceNumber() / BLOCK != block) {
                    block = event.getSequenceNumber() / BLOCK;
                    inBlock = 0;
                    summary = new Summary();
                }
                TimelineEntry entry = entry(event);
                summary.add(event.getPayload(), entry);
                MergedHistory.trackMerges(event.getPayload(), merged);
                collect(event, entry, false);
                if (++inBlock == BLOCK && event.getTimestamp().isBefore(settled)) {
                    completed.add(summary.block());
                }
            }
            trim();
            return completed;
        }

        void readMerged(Iterator<? extends DomainEventMessage<?>> stream) {
            while (stream.hasNext()) {
                DomainEventMessage<?> event = stream.next();
                collect(event, entry(event), true);
            }
            trim();
        }

        /** A merged customer's history shows what they did, not their own registration or merge bookkeeping. */
        private void collect(DomainEventMessage<?> event, TimelineEntry entry, boolean mergedHistory) {
            if (entry == null || mergedHistory && entry.interaction() == null && entry.consent() == null
                    || !matches(query, entry)) {
                return;
            }
            Positioned positioned = new Positioned(entry, event.getSequenceNumber());
            if (after == null || NEWEST_FIRST.compare(positioned, after) > 0) {
                entries.add(positioned);
            }
        }

        private void trim() {
            entries.sort(NEWEST_FIRST);
            if (entries.size() > size + 1) {
                entries = new ArrayList<>(entries.subList(0, size + 1));
            }
        }

        /** Whether a block can hold an entry of the page: its times, types, kinds and channels, older than the cursor. */
        boolean mayHold(Block block) {
            return block.latest() != null
                    && (query.from() == null || !block.latest().isBefore(query.from()))
                    && (query.to() == null || block.earliest().isBefore(query.to()))
                    && (after == null || !block.earliest().isAfter(after.entry().at()))
                    && (types == 0 || (block.types() & types) != 0)
                    && (kinds == 0 || (block.kinds() & kinds) != 0)
                    && (channels == 0 || (block.channels() & channels) != 0);
        }

        /** Whether the page is full with entries all newer than {@code latest}: nothing at or before it can enter. */
        boolean beats(Instant latest) {
            return entries.size() > size && entries.get(size).entry().at().isAfter(latest);
        }

        TimelinePage result() {
            List<Positioned> shown = entries.subList(0, Math.min(size, entries.size()));
            String next = entries.size() > size ? encode(shown.get(shown.size() - 1)) : null;
            return new TimelinePage(shown.stream().map(Positioned::entry).toList(), next);
        }
    }

    static TimelineEntry entry(DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        Instant recorded = event.getTimestamp();
        if (payload instanceof InteractionRecordedEvent e) {
            return new TimelineEntry("INTERACTION", e.interaction().occurredAt(), recorded, e.customerId(),
                    e.interaction(), null, null);
        }
        if (payload instanceof ConsentChangedEvent e) {
            return new TimelineEntry("CONSENT_CHANGED", e.at(), recorded, e.customerId(), null,
                    new ConsentState(e.channel(), e.purpose(), e.granted(), e.at(), e.source()), null);
        }
        if (payload instanceof CustomerForgottenEvent e) {
            return new TimelineEntry("ERASED", e.at(), recorded, e.customerId(), null, null, null);
        }
        if (payload instanceof CustomersMergedEvent e) {
            return new TimelineEntry("MERGED", e.at(), recorded, e.customerId(), null, null,
                    e.customerId().equals(e.survivorCustomerId()) ? e.mergedCustomerId() : e.survivorCustomerId());
        }
        if (payload instanceof CustomersUnmergedEvent e) {
            return new TimelineEntry("UNMERGED", e.at(), recorded, e.customerId(), null, null,
                    e.customerId().equals(e.survivorCustomerId()) ? e.mergedCustomerId() : e.survivorCustomerId());
        }
        if (payload instanceof CustomerRegisteredEvent e) {
            return new TimelineEntry("REGISTERED", recorded, recorded, e.customerId(), null, null, null);
        }
        if (payload instanceof CustomerProfileUpdatedEvent e) {
            return new TimelineEntry("PROFILE_UPDATED", recorded, recorded, e.customerId(), null, null, null);
        }
        return null;
    }

    static boolean matches(FindTimelineQuery query, TimelineEntry entry) {
        if (query.from() != null && entry.at().isBefore(query.from())
                || query.to() != null && !entry.at().isBefore(query.to())) {
            return false;
        }
        if (!query.types().isEmpty() && !query.types().contains(entry.type())) {
            return false;
        }
        if (!query.kinds().isEmpty()
                && (entry.interaction() == null || !query.kinds().contains(entry.interaction().kind()))) {
            return false;
        }
        if (!query.channels().isEmpty()) {
            var channel = entry.interaction() != null ? entry.interaction().channel()
                    : entry.consent() != null ? entry.consent().channel() : null;
            return channel != null && query.channels().contains(channel);
        }
        return true;
    }

    private static String encode(Positioned last) {
        String cursor = last.entry().at().toEpochMilli() + ":" + last.entry().at().getNano() + ":" + last.sequence()
                + ":" + last.entry().customerId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static Positioned decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 4);
            Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0])).plusNanos(Long.parseLong(parts[1]) % 1_000_000);
            return new Positioned(new TimelineEntry(null, at, null, parts[3], null, null, null), Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("pageToken is not a token this service handed out");
        }
    }
}
