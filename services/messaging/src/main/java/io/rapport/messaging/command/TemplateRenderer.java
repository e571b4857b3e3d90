package io.rapport.messaging.command;

import java.util.HashMap;
import java.util.Map;

import io.rapport.messaging.api.MessageTemplate;
import io.rapport.platform.liquid.LiquidSandbox;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders Liquid templates strictly and in the platform's sandbox: a variable with neither a value nor a declared
 * default is a reason not to send, never an empty gap in front of a customer; a template that reaches for a file,
 * loops too long or grows too large is a reason not to send too.
 */
public class TemplateRenderer {

    /** A rendered message, or why there is none. */
    public record Rendered(String subject, String body, String html, String refusal) {
    }

    private final LiquidSandbox liquid = new LiquidSandbox();

    public Rendered render(MessageTemplate template, Map<String, String> variables) {
        Map<String, Object> values = new HashMap<>(template.defaults());
        variables.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        });
        try {
            String subject = template.subject() == null ? null : liquid.render(template.subject(), values);
            String html = template.html() == null ? null : liquid.render(template.html(), htmlEscaped(values));
            return new Rendered(subject, liquid.render(template.body(), values), html, null);
        } catch (LiquidSandbox.MissingVariable e) {
            return new Rendered(null, null, null, "missing variable '" + e.variable() + "' and no default for it");
        } catch (LiquidSandbox.Refused e) {
            return new Rendered(null, null, null, e.getMessage());
        }
    }

    /** Values go into HTML as text: a name like {@code <b>Ann} shows as written and cannot add markup. */
    private static Map<String, Object> htmlEscaped(Map<String, Object> values) {
        Map<String, Object> escaped = new HashMap<>();
        values.forEach((name, value) -> escaped.put(name, HtmlUtils.htmlEscape(String.valueOf(value))));
        return escaped;
    }
}
