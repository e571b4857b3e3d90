package io.rapport.campaign.api;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Customers who entered and left the segment (at most 1,000 of each); both empty records nothing. */
public record RecordMembershipCommand(@TargetAggregateIdentifier String segmentId, List<String> entered,
                                      List<String> left) {

    public RecordMembershipCommand {
        entered = List.copyOf(entered);
        left = List.copyOf(left);
    }
}
