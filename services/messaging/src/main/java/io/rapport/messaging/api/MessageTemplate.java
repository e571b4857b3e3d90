package io.rapport.messaging.api;

import java.util.Map;

/**
 * A message written in Liquid, e.g. {@code Hi {{ first_name }}}.
 *
 * @param defaults values for variables the request may leave out; a variable with neither a value nor a default
 *                 suppresses the message rather than sending "Hi {{first_name}}"
 */
public record MessageTemplate(String subject, String body, Map<String, String> defaults) {

    public MessageTemplate {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }
}
