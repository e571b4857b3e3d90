package io.rapport.campaign.api;

/**
 * A page of a workspace's journeys by id, after {@code after} (null: from the start); answered with a
 * {@link JourneyPage}.
 */
public record ListJourneysQuery(String tenant, int pageSize, String after) {
}
