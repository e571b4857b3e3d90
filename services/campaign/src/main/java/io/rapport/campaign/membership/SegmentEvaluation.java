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

    /** What an evaluation found: members among customers looked at, the first members by id, how long it took. */
    public record Result(long members, long customers, List<String> sample, Duration took) {
    }

    private static final Duration DEADLINE = Duration.ofMinutes(30);

    private final RelationshipCalls relationships;

    public SegmentEvaluation(RelationshipCalls relationships) {
        this.relationships = relationships;
    }

    public Result evaluate(String tenant, SegmentRule rule, int sampleSize) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        long members = 0;
        long customers = 0;
        List<String> sample = new ArrayList<>();
        Iterator<Relationship> views = relationships.as(tenant, DEADLINE).streamRelationships(StreamRelationshipsRequest.getDefaultInstance());
        while (views.hasNext()) {
            Relationship view = views.next();
            customers++;
            if (rule.matches(CustomerAttributes.of(view), now)) {
                members++;
                if (sample.size() < sampleSize) {
                    sample.add(view.getCustomerId());
                }
            }
        }
        return new Result(members, customers, List.copyOf(sample), Duration.ofNanos(System.nanoTime() - started));
    }
}
