package io.rapport.relationship.api;

import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The change feed of a workspace's relationships, which the campaign service follows. */
public interface RelationshipChanges {

    /**
     * Hands every change of the workspace after {@code resumeToken} to {@code listener}, in store order, then waits
     * for new ones, until {@code stopped} says so. An empty token starts at the first change recorded at or after
     * {@code startTime}, or at the first change of all when that is null.
     *
     * @throws IllegalArgumentException for a resume token this service did not hand out
     */
    void follow(String tenant, String resumeToken, Instant startTime, BooleanSupplier stopped,
                Consumer<RelationshipChanged> listener) throws InterruptedException;
}
