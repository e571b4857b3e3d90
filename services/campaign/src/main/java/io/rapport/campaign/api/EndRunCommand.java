package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A run ends at a step (GOAL, EXITED or STOPPED); answered with its {@link RunState}. */
public record EndRunCommand(@TargetAggregateIdentifier String runId, int step, String how) {
}
