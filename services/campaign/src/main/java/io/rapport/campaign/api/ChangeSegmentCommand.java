package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A segment's new name and/or rule (null: unchanged); a change to nothing records nothing. */
public record ChangeSegmentCommand(@TargetAggregateIdentifier String segmentId, String name, String rule) {
}
