package io.rapport.campaign.membership;

import java.util.Set;

import io.rapport.proto.relationship.v1.Relationship;

/**
 * Told of each customer the relationship change feed says changed, once their view reflects the change. A listener
 * that throws has the change delivered again (after the follower reconnects), so it must be idempotent.
 */
public interface CustomerChangeListener {

    /**
     * @param view    the customer's view now; null when there is no such customer (a forgotten or merged-away one has a
     *                view saying so)
     * @param changed what changed about them since they were last told of (the change feed's names: "interactions",
     *                "consent", ...)
     */
    void changed(String tenant, String customerId, Relationship view, Set<String> changed) throws InterruptedException;
}
