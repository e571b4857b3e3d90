package io.rapport.gateway.relationship;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the customer and interaction resources. */
final class CustomerRequests {

    private CustomerRequests() {
    }

    /** {@code POST /v1/customers}; {@code id} is generated when absent. */
    record RegisterCustomer(String id, String firstName, String lastName, String email, String phone, String timeZone,
                            String locale, Map<String, String> attributes) {
    }

    record Registered(String id) {
    }

    /** One interaction in {@code POST /v1/interactions}. */
    record InteractionBody(String eventId, String customerId, String channel, String direction, String kind,
                           Instant occurredAt, BigDecimal amount, String currency, String content, String reference,
                           String campaignId, String messageId, List<String> tags) {
    }

    record RecordInteractions(List<InteractionBody> interactions) {
    }

    record Result(String eventId, String customerId, String outcome) {
    }

    record Recorded(List<Result> results) {
    }
}
