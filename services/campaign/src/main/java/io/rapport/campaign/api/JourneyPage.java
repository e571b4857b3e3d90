package io.rapport.campaign.api;

import java.util.List;

/** Journeys by id; {@code next} is null on the last page. */
public record JourneyPage(List<JourneyView> journeys, String next) {
}
