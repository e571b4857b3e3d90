package io.rapport.relationship.api;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The change feed of a workspace's relationships, which the campaign service follows. */
public interface RelationshipChanges {

    /**
     * Hands every change of the workspace after {@code resumeToken} (empty: from the first) to {@code listener}, in
     * store order, then waits for new ones, until {@code stopped} says so.
     *
     * @throws IllegalArgumentException for a resume token this service did not hand out
     */
    void follow(String tenant, String resumeToken, BooleanSupplier stopped, Consumer<RelationshipChanged> listener)
            throws InterruptedException;
}
