package io.rapport.relationship.api;

import java.util.Map;

import io.rapport.platform.privacy.PersonalData;

/**
 * What the brand knows about a person, as the brand gave it. Absent fields are null; so are the personal ones
 * of a customer who was forgotten (they are stored sealed with the customer's key).
 */
public record CustomerProfile(@PersonalData String firstName, @PersonalData String lastName,
                              @PersonalData String email, @PersonalData String phone, String timeZone,
                              String locale, @PersonalData Map<String, String> attributes) {

    private static final String ATTRIBUTE = "attributes.";

    public CustomerProfile {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static CustomerProfile empty() {
        return new CustomerProfile(null, null, null, null, null, null, Map.of());
    }

    /** This profile with each non-null field of {@code changes} replacing its own and their attributes set. */
    public CustomerProfile updatedWith(CustomerProfile changes) {
        Map<String, String> merged = new java.util.TreeMap<>(attributes);
        merged.putAll(changes.attributes());
        return new CustomerProfile(or(changes.firstName, firstName), or(changes.lastName, lastName),
                or(changes.email, email), or(changes.phone, phone), or(changes.timeZone, timeZone),
                or(changes.locale, locale), merged);
    }

    /** The fields that are set, by name; attributes as {@code attributes.NAME}. */
    public Map<String, String> fields() {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        put(fields, "firstName", firstName);
        put(fields, "lastName", lastName);
        put(fields, "email", email);
        put(fields, "phone", phone);
        put(fields, "timeZone", timeZone);
        put(fields, "locale", locale);
        new java.util.TreeMap<>(attributes).forEach((name, value) -> fields.put(ATTRIBUTE + name, value));
        return fields;
    }

    /** The profile holding {@code fields}, named as {@link #fields()} names them. */
    public static CustomerProfile ofFields(Map<String, String> fields) {
        Map<String, String> attributes = new java.util.TreeMap<>();
        fields.forEach((name, value) -> {
            if (name.startsWith(ATTRIBUTE)) {
                attributes.put(name.substring(ATTRIBUTE.length()), value);
            }
        });
        return new CustomerProfile(fields.get("firstName"), fields.get("lastName"), fields.get("email"),
                fields.get("phone"), fields.get("timeZone"), fields.get("locale"), attributes);
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static String or(String given, String held) {
        return given != null ? given : held;
    }

}
