package io.rapport.relationship.api;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import io.rapport.platform.bounds.Bounds;

/**
 * What makes a customer's profile, identifiers and consents acceptable, whichever door they came in by (gRPC, REST,
 * a customer file). Problems are reported by field name as the REST API spells it. The bounds are the platform's
 * ({@link Bounds}).
 */
public final class CustomerRules {

    /** The customers one batch call may carry. */
    public static final int MAX_BATCH = 1_000;
    /** The consents one customer of a batch may carry. */
    public static final int MAX_CONSENTS = 20;
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private CustomerRules() {
    }

    public static void checkProfile(CustomerProfile profile, BiConsumer<String, String> problems) {
        if (profile.timeZone() != null) {
            try {
                ZoneId.of(profile.timeZone());
            } catch (DateTimeException e) {
                problems.accept("timeZone", "not an IANA time zone: '"
                        + InteractionRules.abbreviate(profile.timeZone()) + "'");
            }
        }
        for (var contact : List.of(Map.entry(IdentifierType.EMAIL, nullToEmpty(profile.email())),
                Map.entry(IdentifierType.PHONE, nullToEmpty(profile.phone())))) {
            if (!contact.getValue().isEmpty()) {
                try {
                    Identifier.of(contact.getKey(), contact.getValue());
                } catch (IllegalArgumentException e) {
                    problems.accept(contact.getKey().name().toLowerCase(Locale.ROOT),
                            e.getMessage().substring("value: ".length()));
                }
            }
        }
        addIf(problems, "firstName", Bounds.length(profile.firstName(), Bounds.MAX_LINE));
        addIf(problems, "lastName", Bounds.length(profile.lastName(), Bounds.MAX_LINE));
        addIf(problems, "locale", Bounds.length(profile.locale(), Bounds.MAX_ATTRIBUTE_NAME));
        Map<String, String> attributes = profile.attributes();
        if (attributes.size() > Bounds.MAX_ATTRIBUTES) {
            problems.accept("attributes", "at most " + Bounds.MAX_ATTRIBUTES + " attributes, got " + attributes.size());
            return;
        }
        attributes.forEach((name, value) -> {
            if (name.isBlank() || name.length() > Bounds.MAX_ATTRIBUTE_NAME) {
                problems.accept("attributes", "each name 1 to " + Bounds.MAX_ATTRIBUTE_NAME + " characters");
            }
            addIf(problems, "attributes." + InteractionRules.abbreviate(name),
                    Bounds.length(value, Bounds.MAX_ATTRIBUTE_VALUE));
        });
    }

    public static void checkPurpose(String purpose, BiConsumer<String, String> problems) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            problems.accept("purpose", "1 to 64 lower-case letters, digits or dashes, e.g. marketing (got '"
                    + InteractionRules.abbreviate(nullToEmpty(purpose)) + "')");
        }
    }

    /** Checks where a consent change came from and when it took effect. */
    public static void checkConsentChange(String source, Instant at, Instant now, BiConsumer<String, String> problems) {
        if (source == null || source.isBlank()) {
            problems.accept("source", "required: where the change came from, e.g. signup-form");
        }
        addIf(problems, "source", Bounds.length(source, Bounds.MAX_LINE));
        addIf(problems, "at", Bounds.happened(at, now));
    }

    /** Checks a batch's or a file's customer: their id (when given), profile, identifiers and consents. */
    public static void checkUpsert(CustomerUpsert upsert, Instant now, BiConsumer<String, String> problems) {
        if (upsert.customerId() != null) {
            InteractionRules.checkCustomerId(upsert.customerId(), problem -> problems.accept("id", problem));
        } else if (upsert.profile().email() == null && upsert.profile().phone() == null
                && upsert.identifiers().isEmpty()) {
            problems.accept("id", "required unless the customer has an email, a phone or identifiers to be found by");
        }
        checkProfile(upsert.profile(), problems);
        if (upsert.identifiers().size() > Bounds.MAX_IDENTIFIERS) {
            problems.accept("identifiers", "at most " + Bounds.MAX_IDENTIFIERS + " identifiers, got "
                    + upsert.identifiers().size());
        }
        if (upsert.consents().size() > MAX_CONSENTS) {
            problems.accept("consents", "at most " + MAX_CONSENTS + " consents, got " + upsert.consents().size());
            return;
        }
        for (int i = 0; i < upsert.consents().size(); i++) {
            CustomerUpsert.Consent consent = upsert.consents().get(i);
            String at = "consents[" + i + "].";
            BiConsumer<String, String> atConsent = (field, problem) -> problems.accept(at + field, problem);
            checkPurpose(consent.purpose(), atConsent);
            checkConsentChange(consent.source(), consent.at(), now, atConsent);
        }
    }

    /** The identifiers a customer with this profile holds: its e-mail and phone, then {@code more}, once each. */
    public static List<Identifier> identifiersOf(CustomerProfile profile, List<Identifier> more) {
        Map<String, Identifier> all = new LinkedHashMap<>();
        if (profile.email() != null) {
            Identifier email = Identifier.of(IdentifierType.EMAIL, profile.email());
            all.put(email.key(), email);
        }
        if (profile.phone() != null) {
            Identifier phone = Identifier.of(IdentifierType.PHONE, profile.phone());
            all.put(phone.key(), phone);
        }
        more.forEach(identifier -> all.put(identifier.key(), identifier));
        return new ArrayList<>(all.values());
    }

    private static void addIf(BiConsumer<String, String> problems, String field, String problem) {
        if (problem != null) {
            problems.accept(field, problem);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
