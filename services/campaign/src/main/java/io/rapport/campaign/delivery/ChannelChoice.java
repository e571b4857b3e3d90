package io.rapport.campaign.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.rapport.proto.relationship.v1.Relationship;

/**
 * The channel a person is sent on: the fixed one, or for PREFERRED their preferred channel when there is a template
 * for it, else the first channel with a template in the order e-mail, SMS, push, social, webhook.
 */
public final class ChannelChoice {

    public static final String PREFERRED = "PREFERRED";
    public static final List<String> SENDABLE = List.of("EMAIL", "SMS", "PUSH", "SOCIAL", "WEBHOOK");

    private ChannelChoice() {
    }

    /** @param templates the channels (lower case) templates exist for */
    public static String of(String channel, Set<String> templates, Relationship view) {
        if (!PREFERRED.equals(channel)) {
            return channel;
        }
        String preferred = view == null ? "" : view.getPreferredChannel().name().replace("CHANNEL_", "");
        if (SENDABLE.contains(preferred) && templates.contains(preferred.toLowerCase(Locale.ROOT))) {
            return preferred;
        }
        return SENDABLE.stream().filter(name -> templates.contains(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalStateException("a send needs at least one template"));
    }
}
