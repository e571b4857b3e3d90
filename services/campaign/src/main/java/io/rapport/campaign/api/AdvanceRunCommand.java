package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A run is done with a step and goes on with {@code next} (-1: the end); answered with its {@link RunState},
 * unchanged when it is not at {@code step}.
 */
public record AdvanceRunCommand(@TargetAggregateIdentifier String runId, int step, String stepId, int next,
                                String outcome) {
}
