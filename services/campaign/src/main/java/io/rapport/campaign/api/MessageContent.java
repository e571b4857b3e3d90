package io.rapport.campaign.api;

import java.util.Map;

/** A message in Liquid for one channel: subject (e-mail), plain body, optional HTML, defaults for variables. */
public record MessageContent(String subject, String body, String html, Map<String, String> defaults) {

    public MessageContent {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }
}
