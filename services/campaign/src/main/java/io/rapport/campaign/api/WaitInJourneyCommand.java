package io.rapport.campaign.api;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A run waits at a step until a time; answered with the run's {@link RunState} (a repeat keeps the first wait). */
public record WaitInJourneyCommand(@TargetAggregateIdentifier String runId, int step, String stepId, Instant until) {
}
