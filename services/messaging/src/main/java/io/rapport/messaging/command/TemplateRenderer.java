package io.rapport.messaging.command;

import java.util.HashMap;
import java.util.Map;

import io.rapport.messaging.api.MessageTemplate;
import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.exceptions.VariableNotExistException;

/**
 * Renders Liquid templates strictly: a variable with neither a value nor a declared default is a reason not to
 * send, never an empty gap in front of a customer.
 */
public class TemplateRenderer {

    /** A rendered message, or why there is none. */
    public record Rendered(String subject, String body, String refusal) {
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
            return new Rendered(subject, renderOne(template.body(), values), null);
        } catch (VariableNotExistException e) {
            return new Rendered(null, null, "missing variable '" + e.getVariableName()
                    + "' and no default for it");
        } catch (LiquidException | IllegalArgumentException | IllegalStateException e) {
            return new Rendered(null, null, "the template does not render: " + e.getMessage());
        }
    }

    private String renderOne(String text, Map<String, Object> values) {
        Template template = parser.parse(text);
        return template.render(values);
    }
}
