package io.rapport.campaign.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The audience is worked out: how many, how many held out, how long it took; a repeat changes nothing. */
public record FixAudienceCommand(@TargetAggregateIdentifier String campaignId, long audience, long control,
                                 long millis) {
}
