package io.rapport.messaging.command;

import java.util.HashMap;
import java.util.Map;

import io.rapport.messaging.api.MessageTemplate;
import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.exceptions.VariableNotExistException;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders Liquid templates strictly: a variable with neither a value nor a declared default is a reason not to
 * send, never an empty gap in front of a customer.
 */
public class TemplateRenderer {

    /** A rendered message, or why there is none. */
    public record Rendered(String subject, String body, String html, String refusal) {
    }

    private final TemplateParser parser = new TemplateParser.Builder()
            .withStrictVariables(true)
            .withErrorMode(TemplateParser.ErrorMode.STRICT)
            .build();

    public Rendered render(MessageTemplate template, Map<String, String> variables) {
        Map<String, Object> values = new HashMap<>(template.defaults());
        variables.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        });
        try {
            String subject = template.subject() == null ? null : renderOne(template.subject(), values);
            String html = template.html() == null ? null : renderOne(template.html(), htmlEscaped(values));
            return new Rendered(subject, renderOne(template.body(), values), html, null);
        } catch (VariableNotExistException e) {
            return new Rendered(null, null, null, "missing variable '" + e.getVariableName()
                    + "' and no default for it");
        } catch (LiquidException | IllegalArgumentException | IllegalStateException e) {
            return new Rendered(null, null, null, "the template does not render: " + e.getMessage());
        }
    }

    /** Values go into HTML as text: a name like {@code <b>Ann} shows as written and cannot add markup. */
    private static Map<String, Object> htmlEscaped(Map<String, Object> values) {
        Map<String, Object> escaped = new HashMap<>();
        values.forEach((name, value) -> escaped.put(name, HtmlUtils.htmlEscape(String.valueOf(value))));
        return escaped;
    }

    private String renderOne(String text, Map<String, Object> values) {
        Template template = parser.parse(text);
        return template.render(values);
    }
}
