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

    public CustomerProfile {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static CustomerProfile empty() {
        return new CustomerProfile(null, null, null, null, null, null, Map.of());
    }
}
