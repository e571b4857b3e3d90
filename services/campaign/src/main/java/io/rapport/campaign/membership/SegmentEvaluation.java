package io.rapport.campaign.membership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.rapport.campaign.rules.CustomerAttributes;
import io.rapport.campaign.rules.SegmentRule;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.StreamRelationshipsRequest;

/**
 * Who a rule selects now: every current customer's view, streamed from the relationship service (as fast as it is
 * read), tested against the rule.
 */
public class SegmentEvaluation {

    /**
     * What an evaluation found: members among customers looked at, the first members by id, how long it took, and
     * whether it looked at every customer.
     */
    public record Result(long members, long customers, List<String> sample, Duration took, boolean complete) {
    }

    private static final Duration DEADLINE = Duration.ofMinutes(30);

    private final RelationshipCalls relationships;

    public SegmentEvaluation(RelationshipCalls relationships) {
        this.relationships = relationships;
    }

    public Result evaluate(String tenant, SegmentRule rule, int sampleSize) {
        return evaluate(tenant, rule, sampleSize, Long.MAX_VALUE);
    }

    /** Looks at the first {@code maxCustomers} customers by id only. */
    public Result evaluate(String tenant, SegmentRule rule, int sampleSize, long maxCustomers) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        long members = 0;
        long customers = 0;
        List<String> sample = new ArrayList<>();
        StreamRelationshipsRequest.Builder request = StreamRelationshipsRequest.newBuilder();
        if (maxCustomers < Long.MAX_VALUE) {
            // One more than asked for, to tell "exactly that many customers" from "more than that".
            request.setMaxCustomers(maxCustomers + 1);
        }
        Iterator<Relationship> views = relationships.as(tenant, DEADLINE).streamRelationships(request.build());
        boolean complete = true;
        while (views.hasNext()) {
            Relationship view = views.next();
            if (customers == maxCustomers) {
                complete = false;
                continue;
            }
            customers++;
            if (rule.matches(CustomerAttributes.of(view), now)) {
                members++;
                if (sample.size() < sampleSize) {
                    sample.add(view.getCustomerId());
                }
            }
        }
        return new Result(members, customers, List.copyOf(sample), Duration.ofNanos(System.nanoTime() - started),
                complete);
    }
}
