package io.rapport.relationship.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.CustomersUnmergedEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.FindTimelineQuery;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.TimelineEntry;
import io.rapport.relationship.api.TimelinePage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

/**
 * The timeline's pages against the whole history sorted newest first: a long history read in blocks, with entries
 * recorded out of time order, filtered, cut by cursors and windows, merged and unmerged, gives the same pages as
 * reading everything, while a first page reads only the newest blocks.
 */
class TimelinesTest {

    private static final String TENANT = "acme";
    private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");
    private static final Clock LATER = Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);

    private final Map<String, List<DomainEventMessage<?>>> streams = new HashMap<>();
    private final Random random = new Random(42);
    private long eventsRead;
    private long nextSecond;
    private final Set<Instant> late = new HashSet<>();

    private Timelines timelines(Clock clock) {
        return new Timelines((id, first) -> {
            List<DomainEventMessage<?>> stream = streams.getOrDefault(id, List.of());
            Iterator<DomainEventMessage<?>> events = stream.subList((int) Math.min(first, stream.size()), stream.size())
                    .iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return events.hasNext();
                }

                @Override
                public DomainEventMessage<?> next() {
                    eventsRead++;
                    return events.next();
                }
            };
        }, clock);
    }

    @Test
    void aLongHistoryPagesAsIfReadWholeUnderEveryFilter() {
        history("ada", 1_234);
        Timelines timelines = timelines(LATER);
        for (int round = 0; round < 2; round++) {
            assertPagesMatch(timelines, query("ada", Set.of(), Set.of(), Set.of(), null, null, 25));
            assertPagesMatch(timelines, query("ada", Set.of(), Set.of(), Set.of(), null, null, 500));
            assertPagesMatch(timelines, query("ada", Set.of(), Set.of(InteractionKind.PURCHASE), Set.of(), null, null, 40));
            assertPagesMatch(timelines, query("ada", Set.of(Channel.SMS), Set.of(), Set.of(), null, null, 30));
            assertPagesMatch(timelines, query("ada", Set.of(), Set.of(), Set.of("CONSENT_CHANGED"), null, null, 10));
            assertPagesMatch(timelines, query("ada", Set.of(), Set.of(), Set.of(), START.plusSeconds(200_000),
                    START.plusSeconds(900_000), 25));
            assertPagesMatch(timelines, query("ada", Set.of(), Set.of(), Set.of(), null, START.plusSeconds(300_000), 50));
        }
    }

    @Test
    void aFirstPageOfALongHistoryReadsOnlyItsNewestBlocks() {
        history("ada", 5_000);
        Timelines timelines = timelines(LATER);
        timelines.handle(query("ada", Set.of(), Set.of(), Set.of(), null, null, 25));
        assertThat(eventsRead).as("the first query reads everything once").isEqualTo(5_000);

        eventsRead = 0;
        TimelinePage page = timelines.handle(query("ada", Set.of(), Set.of(), Set.of(), null, null, 25));
        assertThat(page.entries()).isEqualTo(expected(query("ada", Set.of(), Set.of(), Set.of(), null, null, 25))
                .subList(0, 25));
        assertThat(eventsRead).as("the tail and the newest blocks").isLessThanOrEqualTo(3L * Timelines.BLOCK);
    }

    @Test
    void aHistoryImportedBehindItsRegistrationStillPagesFromItsNewestBlocks() {
        append("kim", new CustomerRegisteredEvent(id("kim"), TENANT, "kim",
                new CustomerProfile("K", "M", null, null, null, null, Map.of()), false));
        for (int i = 1; i < 5_000; i++) {
            Instant at = START.minusSeconds((5_000L - i) * 3_600);
            if (i == 100) {
                append("kim", new ConsentChangedEvent(id("kim"), TENANT, "kim", Channel.EMAIL, "marketing", true, "form", at));
                continue;
            }
            append("kim", new InteractionRecordedEvent(id("kim"), TENANT, "kim", new Interaction("kim-" + i, Channel.WEB,
                    Direction.INBOUND, InteractionKind.VISIT, at, null, null, null, null, null, null, List.of(), null)));
        }
        Timelines timelines = timelines(LATER);
        assertPagesMatch(timelines, query("kim", Set.of(), Set.of(), Set.of(), null, null, 250));

        eventsRead = 0;
        TimelinePage page = timelines.handle(query("kim", Set.of(), Set.of(), Set.of(), null, null, 25));
        assertThat(page.entries().get(0).type()).isEqualTo("REGISTERED");
        assertThat(eventsRead).as("the registration's block and the newest").isLessThanOrEqualTo(2L * Timelines.BLOCK);

        eventsRead = 0;
        FindTimelineQuery consents = query("kim", Set.of(), Set.of(), Set.of("CONSENT_CHANGED"), null, null, 25);
        assertThat(timelines.handle(consents).entries()).isEqualTo(expected(consents)).hasSize(1);
        assertThat(eventsRead).as("only the block with the consent change").isEqualTo(Timelines.BLOCK);
        eventsRead = 0;
        assertThat(timelines.handle(query("kim", Set.of(), Set.of(InteractionKind.PURCHASE), Set.of(), null, null, 25))
                .entries()).isEmpty();
        assertThat(eventsRead).as("no block holds a purchase").isZero();
    }

    @Test
    void everyKindAndChannelHasABitOfItsOwn() {
        assertThat(InteractionKind.values().length).isLessThan(Integer.SIZE);
        assertThat(Channel.values().length).isLessThan(Integer.SIZE);
    }

    @Test
    void blocksAreRememberedOnlyOnceTheyHaveSettled() {
        history("ada", 1_000);
        Timelines timelines = timelines(Clock.fixed(START, ZoneOffset.UTC));
        timelines.handle(query("ada", Set.of(), Set.of(), Set.of(), null, null, 25));
        eventsRead = 0;
        assertPagesMatch(timelines, query("ada", Set.of(), Set.of(), Set.of(), null, null, 100));
        assertThat(eventsRead).as("each page read the whole history again").isEqualTo(10 * 1_000L);
    }

    @Test
    void theHistoriesOfMergedCustomersJoinAndLeaveTheTimeline() {
        history("bob", 450);
        history("old-bob", 300);
        append("bob", new CustomersMergedEvent(id("bob"), TENANT, "bob", "bob", "old-bob", instant()));
        history("bob", 250);
        Timelines timelines = timelines(LATER);
        assertPagesMatch(timelines, query("bob", Set.of(), Set.of(), Set.of(), null, null, 60));
        assertThat(expected(query("bob", Set.of(), Set.of(), Set.of(), null, null, 1)))
                .extracting(TimelineEntry::customerId).contains("old-bob");

        append("bob", new CustomersUnmergedEvent(id("bob"), TENANT, "bob", "bob", "old-bob", instant()));
        history("bob", 300);
        assertPagesMatch(timelines, query("bob", Set.of(), Set.of(), Set.of(), null, null, 60));
        assertThat(expected(query("bob", Set.of(), Set.of(), Set.of(), null, null, 1)))
                .extracting(TimelineEntry::customerId).doesNotContain("old-bob");
    }

    @Test
    void anUnknownCustomerHasNoTimeline() {
        assertThat(timelines(LATER).handle(query("nobody", Set.of(), Set.of(), Set.of(), null, null, 25))).isNull();
    }

    /** Follows the cursor to the end and compares each page with the whole history's slice. */
    private void assertPagesMatch(Timelines timelines, FindTimelineQuery first) {
        List<TimelineEntry> all = expected(first);
        List<TimelineEntry> paged = new ArrayList<>();
        FindTimelineQuery query = first;
        while (true) {
            TimelinePage page = timelines.handle(query);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(first.pageSize());
            paged.addAll(page.entries());
            if (page.nextPageToken() == null) {
                break;
            }
            query = new FindTimelineQuery(first.relationshipId(), first.channels(), first.kinds(), first.types(),
                    first.from(), first.to(), first.pageSize(), page.nextPageToken());
        }
        assertThat(paged).isEqualTo(all);
    }

    /** Every entry of the customer's history and of those merged into it at the end, filtered, newest first. */
    private List<TimelineEntry> expected(FindTimelineQuery query) {
        List<DomainEventMessage<?>> own = streams.get(query.relationshipId());
        List<TimelineEntry> entries = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (DomainEventMessage<?> event : own) {
            if (event.getPayload() instanceof CustomersMergedEvent merge) {
                merged.add(merge.mergedCustomerId());
            } else if (event.getPayload() instanceof CustomersUnmergedEvent unmerge) {
                merged.remove(unmerge.mergedCustomerId());
            }
            TimelineEntry entry = Timelines.entry(event);
            if (entry != null && Timelines.matches(query, entry)) {
                entries.add(entry);
            }
        }
        for (String customer : merged) {
            for (DomainEventMessage<?> event : streams.get(id(customer))) {
                TimelineEntry entry = Timelines.entry(event);
                if (entry != null && (entry.interaction() != null || entry.consent() != null)
                        && Timelines.matches(query, entry)) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(Comparator.comparing(TimelineEntry::at).reversed());
        return entries;
    }

    /**
     * A registration, then interactions an hour apart on every channel and kind with one in ten recorded late (its
     * time anywhere before), and a consent change now and then. Every entry has a time of its own.
     */
    private void history(String customer, int events) {
        if (!streams.containsKey(id(customer))) {
            append(customer, new CustomerRegisteredEvent(id(customer), TENANT, customer,
                    new CustomerProfile("A", "B", null, null, null, null, Map.of()), false));
        }
        Channel[] channels = Channel.values();
        InteractionKind[] kinds = {InteractionKind.PURCHASE, InteractionKind.OPEN, InteractionKind.CLICK,
                InteractionKind.VISIT, InteractionKind.MESSAGE};
        for (int i = 1; i < events; i++) {
            Instant at = instant();
            if (random.nextInt(10) == 0) {
                Instant early = START.minusSeconds(1 + random.nextInt(1_000_000) * 7L);
                at = late.add(early) ? early : at;
            }
            if (random.nextInt(25) == 0) {
                append(customer, new ConsentChangedEvent(id(customer), TENANT, customer, channels[random.nextInt(3)],
                        "marketing", random.nextBoolean(), "form", at));
                continue;
            }
            InteractionKind kind = kinds[random.nextInt(kinds.length)];
            append(customer, new InteractionRecordedEvent(id(customer), TENANT, customer, new Interaction(
                    customer + "-" + i + "-" + at, channels[random.nextInt(channels.length)], Direction.INBOUND, kind, at,
                    kind == InteractionKind.PURCHASE ? BigDecimal.TEN : null, kind == InteractionKind.PURCHASE ? "EUR" : null,
                    null, null, null, null, List.of(), null)));
        }
    }

    /** A time after every other one so far. */
    private Instant instant() {
        nextSecond += 600 + random.nextInt(3_000);
        return START.plusSeconds(nextSecond);
    }

    private void append(String customer, Object payload) {
        List<DomainEventMessage<?>> stream = streams.computeIfAbsent(id(customer), k -> new ArrayList<>());
        stream.add(new GenericDomainEventMessage<>("CustomerRelationship", id(customer), stream.size(), payload,
                Map.of(), "m-" + customer + "-" + stream.size(), instant()));
    }

    private static String id(String customer) {
        return RelationshipIds.of(TENANT, customer);
    }

    private static FindTimelineQuery query(String customer, Set<Channel> channels, Set<InteractionKind> kinds,
                                           Set<String> types, Instant from, Instant to, int size) {
        return new FindTimelineQuery(id(customer), channels, kinds, types, from, to, size, null);
    }
}
