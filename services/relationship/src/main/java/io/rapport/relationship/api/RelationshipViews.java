package io.rapport.relationship.api;

import java.util.function.Predicate;

/** Every current view of a workspace, for workspace-wide passes of other services (segments) and pages of customers. */
public interface RelationshipViews {

    /**
     * Hands each current customer's view (predictions over {@code horizonDays}; merged-away and forgotten customers
     * left out) to {@code each} in customer id order, from the one after {@code afterCustomerId} (null: from the
     * first), until it answers false. The store is read {@code batch} views at a time (0: a default for whole passes),
     * so a page reads about what it shows. Without {@code recentInteractions} the views carry none (a workspace-wide
     * pass reads, decodes and sends a fraction of each view).
     */
    void forEach(String tenant, String afterCustomerId, int batch, int horizonDays, boolean recentInteractions,
                 Predicate<RelationshipView> each);
}
