package io.rapport.campaign.api;

import java.util.List;

/**
 * What a campaign sends, to whom and when.
 *
 * @param channel a channel name ({@code EMAIL}, {@code SMS}, ...) or {@code PREFERRED}
 */
public record CampaignDefinition(String name, String segmentId, List<Variant> variants, int controlPercent,
                                 String channel, Schedule schedule, Goal goal) {

    public CampaignDefinition {
        variants = List.copyOf(variants);
    }
}
