package io.rapport.messaging.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.rapport.messaging.api.MessageTemplate;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void variablesAndDefaultsFillTheTemplate() {
        var rendered = renderer.render(new MessageTemplate("Your order {{ order }}",
                "Hi {{ first_name }}, your {{ item | upcase }} ships {{ when }}.", Map.of("when", "today")),
                Map.of("first_name", "Ada", "order", "A-17", "item", "lamp"));

        assertThat(rendered.refusal()).isNull();
        assertThat(rendered.subject()).isEqualTo("Your order A-17");
        assertThat(rendered.body()).isEqualTo("Hi Ada, your LAMP ships today.");
    }

    @Test
    void aMissingVariableWithoutDefaultRefusesRatherThanSendingAGap() {
        var rendered = renderer.render(new MessageTemplate(null, "Hi {{ first_name }}!", Map.of()), Map.of());

        assertThat(rendered.body()).isNull();
        assertThat(rendered.refusal()).isEqualTo("missing variable 'first_name' and no default for it");
    }

    @Test
    void aBlankValueCountsAsMissingSoTheDefaultApplies() {
        var rendered = renderer.render(new MessageTemplate(null, "Hi {{ first_name }}!",
                Map.of("first_name", "there")), Map.of("first_name", " "));

        assertThat(rendered.body()).isEqualTo("Hi there!");
    }
}
