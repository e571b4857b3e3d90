package io.rapport.messaging.api;

import java.util.Map;

/**
 * A message written in Liquid, e.g. {@code Hi {{ first_name }}}: a plain-text body, and for e-mail optionally an
 * HTML body too (its variables are HTML-escaped; its links are tracked and an open pixel is added when sent).
 *
 * @param defaults values for variables the request may leave out; a variable with neither a value nor a default
 *                 suppresses the message rather than sending "Hi {{first_name}}"
 */
public record MessageTemplate(String subject, String body, String html, Map<String, String> defaults) {

    public MessageTemplate {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }

    /** A plain-text message. */
    public MessageTemplate(String subject, String body, Map<String, String> defaults) {
        this(subject, body, null, defaults);
    }
}
