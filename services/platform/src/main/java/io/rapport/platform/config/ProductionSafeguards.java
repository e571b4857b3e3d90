package io.rapport.platform.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.env.Environment;

/**
 * A process started with the {@code prod} profile refuses to start with the development secrets everybody can read
 * in this repository: the signing key of tracking links and webhooks, or no internal token (a development process
 * makes one up and keeps it in a file).
 */
@AutoConfiguration
public class ProductionSafeguards {

    static final String PROFILE = "prod";
    static final int MIN_SECRET = 32;
    private static final Set<String> DEVELOPMENT_SECRETS = Set.of("local-development-only",
            "dev-only-signing-key-change-me", "REPLACE_ME");

    public ProductionSafeguards(Environment environment) {
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start in production: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        if (!Arrays.asList(environment.getActiveProfiles()).contains(PROFILE)) {
            return problems;
        }
        String signingKey = environment.getProperty("rapport.messaging.signing-key");
        if (signingKey != null && (DEVELOPMENT_SECRETS.contains(signingKey) || signingKey.length() < MIN_SECRET)) {
            problems.add("RAPPORT_SIGNING_KEY is a development key or shorter than " + MIN_SECRET + " characters");
        }
        String token = environment.getProperty("rapport.internal-token", "");
        if (DEVELOPMENT_SECRETS.contains(token) || token.length() < MIN_SECRET) {
            problems.add("RAPPORT_INTERNAL_TOKEN is missing, a development value or shorter than " + MIN_SECRET
                    + " characters");
        }
        return problems;
    }
}
