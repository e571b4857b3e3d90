package io.rapport.relationship.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
import org.springframework.stereotype.Component;

/**
 * A customer's timeline, read from their events by key, filtered and paged. Pages are cut by a cursor on
 * (time, sequence) rather than an offset, so entries recorded meanwhile neither repeat nor go missing.
 */
@Component
public class Timelines {

    static final int MAX_PAGE = 500;

    private record Positioned(TimelineEntry entry, long sequence) {
    }

    private static final Comparator<Positioned> NEWEST_FIRST = Comparator
            .comparing((Positioned p) -> p.entry().at()).thenComparing(p -> p.entry().customerId())
            .thenComparingLong(Positioned::sequence).reversed();

    private final EventStore eventStore;

    public Timelines(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @QueryHandler
    public TimelinePage handle(FindTimelineQuery query) {
        Positioned after = query.pageToken() == null ? null : decode(query.pageToken());
        List<Positioned> entries = new ArrayList<>();
        Set<String> merged = new LinkedHashSet<>();
        var events = eventStore.readEvents(query.relationshipId(), 0);
        if (!events.hasNext()) {
            return null;
        }
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            MergedHistory.trackMerges(event.getPayload(), merged);
            collect(event, query, after, entries, false);
        }
        String tenant = query.relationshipId().substring(0, query.relationshipId().indexOf('/'));
        for (String customerId : merged) {
            var theirs = eventStore.readEvents(RelationshipIds.of(tenant, customerId), 0);
            while (theirs.hasNext()) {
                collect(theirs.next(), query, after, entries, true);
            }
        }
        entries.sort(NEWEST_FIRST);
        int size = Math.min(Math.max(1, query.pageSize()), MAX_PAGE);
        List<Positioned> page = entries.subList(0, Math.min(size, entries.size()));
        String next = entries.size() > size ? encode(page.get(page.size() - 1)) : null;
        return new TimelinePage(page.stream().map(Positioned::entry).toList(), next);
    }

    /** A merged customer's history shows what they did, not their own registration or merge bookkeeping. */
    private static void collect(DomainEventMessage<?> event, FindTimelineQuery query, Positioned after,
                                List<Positioned> entries, boolean mergedHistory) {
        TimelineEntry entry = entry(event);
        if (entry == null || mergedHistory && entry.interaction() == null && entry.consent() == null
                || !matches(query, entry)) {
            return;
        }
        Positioned positioned = new Positioned(entry, event.getSequenceNumber());
        if (after == null || NEWEST_FIRST.compare(positioned, after) > 0) {
            entries.add(positioned);
        }
    }

    private static TimelineEntry entry(DomainEventMessage<?> event) {
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

    private static boolean matches(FindTimelineQuery query, TimelineEntry entry) {
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
