package io.rapport.campaign.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoCursor;
import io.rapport.campaign.api.RecordMembershipCommand;
import io.rapport.campaign.rules.CustomerAttributes;
import io.rapport.campaign.rules.SegmentRule;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.StreamRelationshipsRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps segment membership current: worked out afresh over every customer when a segment is defined or changed
 * (a merge of the customers and the members, both in id order, so memory stays flat however large the segment),
 * and for one customer whenever the relationship service says they changed. Each change is recorded on the segment
 * ({@code SegmentMembershipChangedEvent}, at most 1,000 customers each way) before the member list is updated, so
 * a crash in between is made good by the next pass.
 *
 * <p>A backfill reads each view as the stream passes it, which may be before that customer's latest change reached
 * the view; the follower judges that change with a view that reflects it. So while a backfill runs, the customers
 * the follower judges by the same rule are the follower's: the backfill leaves them as they are (each segment's member writes go
 * one at a time, so neither overwrites a fresher judgement with a staler one).
 */
public class MembershipKeeper {

    private static final Logger log = LoggerFactory.getLogger(MembershipKeeper.class);

    /** A segment of a workspace: its internal id and its rule. */
    public record SegmentRef(String segmentId, SegmentRule rule) {
    }

    private static final int BATCH = 1_000;
    private static final Duration STREAM_DEADLINE = Duration.ofHours(2);
    /**
     * How long a change waits for the customer's view to reflect it. Views follow their events by milliseconds,
     * but by seconds while the relationship service is busy (a campaign's outcomes, an import): judging a customer
     * by a view from before the change would leave them in the wrong segments until they change again.
     */
    private static final Duration VIEW_PATIENCE = Duration.ofSeconds(60);
    private static final long FIRST_VIEW_WAIT_MILLIS = 20;
    private static final long LONGEST_VIEW_WAIT_MILLIS = 1_000;

    private final SegmentMembers members;
    private final RelationshipCalls relationships;
    private final CommandGateway commands;
    /** A backfill under way: its rule, and the customers the follower judged by the same rule meanwhile. */
    private record Backfill(String rule, Set<String> judged) {
    }

    /** Per segment being backfilled. */
    private final Map<String, Backfill> backfills = new ConcurrentHashMap<>();
    /** Per segment: one writer of its members at a time. */
    private final Map<String, Object> writers = new ConcurrentHashMap<>();

    public MembershipKeeper(SegmentMembers members, RelationshipCalls relationships, CommandGateway commands) {
        this.members = members;
        this.relationships = relationships;
        this.commands = commands;
    }

    /** Works the segment's membership out afresh over every current customer. */
    public void backfill(String tenant, SegmentRef segment) {
        Backfill running = new Backfill(segment.rule().text(), ConcurrentHashMap.newKeySet());
        backfills.put(segment.segmentId(), running);
        try {
            backfill(tenant, segment, running.judged());
        } finally {
            backfills.remove(segment.segmentId(), running);
        }
    }

    private void backfill(String tenant, SegmentRef segment, Set<String> judgedByFollower) {
        Instant now = Instant.now();
        Iterator<Relationship> views = relationships.as(tenant, STREAM_DEADLINE)
                .streamRelationships(StreamRelationshipsRequest.getDefaultInstance());
        Changes changes = new Changes(segment.segmentId(), judgedByFollower);
        try (MongoCursor<String> current = members.inOrder(segment.segmentId())) {
            String member = current.hasNext() ? current.next() : null;
            while (views.hasNext()) {
                Relationship view = views.next();
                String customer = view.getCustomerId();
                while (member != null && member.compareTo(customer) < 0) {
                    changes.leave(member);
                    member = current.hasNext() ? current.next() : null;
                }
                boolean was = customer.equals(member);
                if (was) {
                    member = current.hasNext() ? current.next() : null;
                }
                boolean is = segment.rule().matches(CustomerAttributes.of(view), now);
                if (is && !was) {
                    changes.enter(customer);
                } else if (!is && was) {
                    changes.leave(customer);
                }
            }
            while (member != null) {
                changes.leave(member);
                member = current.hasNext() ? current.next() : null;
            }
        }
        changes.flush();
    }

    /**
     * One customer changed: they enter or leave whichever of the workspace's segments now says so. Their view is
     * read once it reflects the change ({@code version}; views follow the events by milliseconds).
     *
     * @return the view read (null when the customer is gone), for whoever else follows changes
     */
    public Relationship refresh(String tenant, String customerId, long version, List<SegmentRef> segments)
            throws InterruptedException {
        Relationship view = relationships.view(tenant, customerId);
        long giveUpAt = System.nanoTime() + VIEW_PATIENCE.toNanos();
        // A change says the customer exists at that version: a view not there yet (a new customer while the
        // relationship service is busy) is waited for like one that is behind, not taken for a customer gone.
        for (long wait = FIRST_VIEW_WAIT_MILLIS; view == null || view.getVersion() < version; ) {
            if (System.nanoTime() > giveUpAt) {
                log.warn("The view of customer {} of {} is still at version {} after {}, behind the change to version "
                        + "{}: their segments are judged by it as it is", customerId, tenant,
                        view == null ? "none" : view.getVersion(), VIEW_PATIENCE, version);
                break;
            }
            Thread.sleep(wait);
            wait = Math.min(LONGEST_VIEW_WAIT_MILLIS, wait * 2);
            view = relationships.view(tenant, customerId);
        }
        var attributes = view == null || view.getErased() || !view.getMergedIntoCustomerId().isEmpty()
                ? null : CustomerAttributes.of(view);
        Instant now = Instant.now();
        for (SegmentRef segment : segments) {
            boolean is = attributes != null && segment.rule().matches(attributes, now);
            synchronized (writer(segment.segmentId())) {
                boolean was = members.contains(segment.segmentId(), customerId);
                if (is != was) {
                    Changes changes = new Changes(segment.segmentId(), Set.of());
                    if (is) {
                        changes.enter(customerId);
                    } else {
                        changes.leave(customerId);
                    }
                    changes.flush();
                }
                Backfill running = backfills.get(segment.segmentId());
                if (running != null && running.rule().equals(segment.rule().text())) {
                    running.judged().add(customerId);
                }
            }
        }
        return view;
    }

    private Object writer(String segmentId) {
        return writers.computeIfAbsent(segmentId, id -> new Object());
    }

    /** Entries and exits of one segment, recorded a batch at a time. */
    private final class Changes {

        private final String segmentId;
        /** Customers judged elsewhere with a fresher view: left as they are. */
        private final Set<String> untouched;
        private final List<String> entered = new ArrayList<>();
        private final List<String> left = new ArrayList<>();

        Changes(String segmentId, Set<String> untouched) {
            this.segmentId = segmentId;
            this.untouched = untouched;
        }

        void enter(String customer) {
            entered.add(customer);
            flushIfFull();
        }

        void leave(String customer) {
            left.add(customer);
            flushIfFull();
        }

        private void flushIfFull() {
            if (entered.size() >= BATCH || left.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            synchronized (writer(segmentId)) {
                entered.removeIf(untouched::contains);
                left.removeIf(untouched::contains);
                if (!entered.isEmpty() || !left.isEmpty()) {
                    commands.sendAndWait(new RecordMembershipCommand(segmentId, entered, left));
                    members.apply(segmentId, entered, left);
                }
            }
            entered.clear();
            left.clear();
        }
    }
}
