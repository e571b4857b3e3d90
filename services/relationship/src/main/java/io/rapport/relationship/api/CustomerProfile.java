package io.rapport.relationship.api;

import java.util.Map;

/** What the brand knows about a person, as the brand gave it. Absent fields are null. */
public record CustomerProfile(String firstName, String lastName, String email, String phone, String timeZone,
                              String locale, Map<String, String> attributes) {

    public CustomerProfile {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static CustomerProfile empty() {
        return new CustomerProfile(null, null, null, null, null, null, Map.of());
    }
}
