package io.rapport.relationship.api;

import java.util.Locale;
import java.util.regex.Pattern;

import io.rapport.platform.crypto.Digests;
import io.rapport.platform.privacy.PersonalData;

/**
 * A way to recognize a customer. Values are kept normalized (e-mail and handles lower-cased, phone numbers
 * without spaces or punctuation), so the same person written twice is one identifier.
 */
public record Identifier(IdentifierType type, @PersonalData String value) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{6,20}");
    private static final Pattern QUALIFIED = Pattern.compile("[a-z0-9._-]{1,40}:\\S{1,200}");

    /** Normalizes and checks a raw value; IllegalArgumentException says what is wrong with it. */
    public static Identifier of(IdentifierType type, String raw) {
        if (type == null) {
            throw new IllegalArgumentException("type: required, one of EMAIL, PHONE, SOCIAL, EXTERNAL");
        }
        String value = raw == null ? "" : raw.strip();
        String normalized = switch (type) {
            case EMAIL -> value.toLowerCase(Locale.ROOT);
            case PHONE -> value.replaceAll("[\\s().-]", "");
            case SOCIAL -> value.toLowerCase(Locale.ROOT);
            case EXTERNAL -> value.contains(":") ? value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT)
                    + value.substring(value.indexOf(':')) : value;
        };
        boolean valid = switch (type) {
            case EMAIL -> EMAIL.matcher(normalized).matches() && normalized.length() <= 254;
            case PHONE -> PHONE.matcher(normalized).matches();
            case SOCIAL, EXTERNAL -> QUALIFIED.matcher(normalized).matches();
        };
        if (!valid) {
            throw new IllegalArgumentException("value: not a valid " + type + " identifier"
                    + switch (type) {
                        case EMAIL -> " (an e-mail address)";
                        case PHONE -> " (6 to 20 digits, optionally with a leading +)";
                        case SOCIAL -> " (network:handle)";
                        case EXTERNAL -> " (system:id)";
                    });
        }
        return new Identifier(type, normalized);
    }

    /** Type and value as one string: how identifiers are compared. */
    public String key() {
        return type + ":" + value;
    }

    /** A SHA-256 digest of {@link #key()}: how identifiers are indexed without storing them readable. */
    public String digest() {
        return Digests.sha256Hex(key());
    }

    /** The id a customer first named by this identifier gets: the same every time, so retries agree. */
    public String newCustomerId() {
        return "id-" + digest().substring(0, 24);
    }
}
