package io.rapport.relationship.api;

import java.util.function.Predicate;

/** Every current view of a workspace, for workspace-wide passes of other services (segments). */
public interface RelationshipViews {

    /**
     * Hands each current customer's view (predictions over {@code horizonDays}; merged-away and forgotten customers
     * left out) to {@code each} in customer id order, until it answers false.
     */
    void forEach(String tenant, int horizonDays, Predicate<RelationshipView> each);
}
