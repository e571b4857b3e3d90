package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Define a new segment; the rule is checked first (a rule that does not read is refused with where and why). */
public record DefineSegmentCommand(@TargetAggregateIdentifier String segmentId, String tenant, String name,
                                   String rule) {
}
