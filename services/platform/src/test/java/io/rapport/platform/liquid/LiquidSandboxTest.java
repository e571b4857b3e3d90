package io.rapport.platform.liquid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every template an attacker with a write key tried in the hardening review is refused, quickly. */
class LiquidSandboxTest {

    private final LiquidSandbox liquid = new LiquidSandbox();

    @Test
    void ordinaryLiquidStillRenders() {
        assertThat(liquid.render("Hi {{ name | upcase }}, {% for i in (1..3) %}{{ i }}{% endfor %}"
                + "{% assign s = 'ab' | append: 'cd' %}{{ s }}{% capture c %}x{% endcapture %}{{ c }}",
                Map.of("name", "ann"))).isEqualTo("Hi ANN, 123abcdx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{% include '/etc/passwd' %}", "{% include_relative '/etc/hostname' %}",
            "{% include 'snippet' %}", "{% include x %}"})
    void noTagReachesAFile(String template) {
        assertThatThrownBy(() -> liquid.render(template, Map.of("x", "/etc/passwd")))
                .isInstanceOf(LiquidSandbox.Refused.class).hasMessageContaining("other files");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{% for i in (1..1000000000) %}{{i}}{% endfor %}",
            "{% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}",
            "{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}",
            "{% capture s %}xxxxxxxxxx{% endcapture %}{% for i in (1..40) %}{% capture s %}{{s}}{{s}}{% endcapture %}"
                    + "{% endfor %}{{ s | size }}",
            "{% assign s = 'x' | split: '' %}{% for i in (1..30) %}{% assign s = s | concat: s %}{% endfor %}{{ s }}",
            "{{ 'x' | replace: 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | replace: 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxx'"
                    + " | replace: 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | replace: 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxx' }}"})
    void runawayTemplatesStopEarlyWithAReason(String template) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> liquid.render(template, Map.of())).isInstanceOf(LiquidSandbox.Refused.class)
                .hasMessageMatching("the template (loops more than|renders more than|takes longer than).*");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(LiquidSandbox.MAX_RENDER_MILLIS + 1_000);
    }

    @Test
    void aTemplateOverItsSizeIsRefusedBeforeItIsRead() {
        assertThatThrownBy(() -> liquid.check("x".repeat(LiquidSandbox.MAX_TEMPLATE + 1)))
                .isInstanceOf(LiquidSandbox.Refused.class).hasMessageContaining("at most 100000 characters");
    }

    @Test
    void aTemplateThatDoesNotReadSaysSoWithoutInternals() {
        assertThatThrownBy(() -> liquid.check("{% for %}"))
                .isInstanceOf(LiquidSandbox.Refused.class).hasMessageStartingWith("the template does not read")
                .hasMessageNotContaining("liqp").hasMessageNotContaining("Exception");
    }

    @Test
    void aMissingVariableIsNamed() {
        assertThatThrownBy(() -> liquid.render("Hi {{ first_name }}", Map.of()))
                .isInstanceOfSatisfying(LiquidSandbox.MissingVariable.class,
                        e -> assertThat(e.variable()).isEqualTo("first_name"));
    }
}
