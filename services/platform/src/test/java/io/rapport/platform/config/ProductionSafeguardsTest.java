package io.rapport.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ProductionSafeguardsTest {

    private static final String STRONG = "a-real-secret-of-more-than-32-characters-0123456789";

    @Test
    void productionRefusesTheDevelopmentSigningKeyAndAMissingInternalToken() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("rapport.messaging.signing-key", "local-development-only");
        production.setActiveProfiles("prod");

        assertThatThrownBy(() -> new ProductionSafeguards(production)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RAPPORT_SIGNING_KEY").hasMessageContaining("RAPPORT_INTERNAL_TOKEN");
    }

    @Test
    void productionStartsWithRealSecrets() {
        MockEnvironment production = new MockEnvironment().withProperty("rapport.messaging.signing-key", STRONG)
                .withProperty("rapport.internal-token", STRONG);
        production.setActiveProfiles("prod");

        assertThat(ProductionSafeguards.problems(production)).isEmpty();
    }

    @Test
    void developmentKeepsItsDefaults() {
        MockEnvironment development = new MockEnvironment()
                .withProperty("rapport.messaging.signing-key", "local-development-only");

        assertThat(ProductionSafeguards.problems(development)).isEmpty();
    }
}
