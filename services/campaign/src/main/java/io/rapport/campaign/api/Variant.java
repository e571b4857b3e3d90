package io.rapport.campaign.api;

import java.util.Map;

/**
 * One version of a campaign's message.
 *
 * @param weight    share of the audience outside the control group, relative to the other variants'
 * @param templates by channel, lower case ({@code "email"}, {@code "sms"}, ...)
 */
public record Variant(String variantId, int weight, Map<String, MessageContent> templates) {

    public Variant {
        templates = Map.copyOf(templates);
    }
}
