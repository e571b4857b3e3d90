package io.rapport.messaging.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.MessageTemplate;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.policy.CustomerFacts;
import org.junit.jupiter.api.Test;

class PersonalisationTest {

    /** Pat, as the relationship service would describe her: prefers SMS, has both addresses. */
    private static final CustomerFacts PAT = new CustomerFacts() {
        @Override
        public boolean consentHeld(String tenant, String customerId, MessageChannel channel, String purpose,
                                   Instant at) {
            return true;
        }

        @Override
        public Optional<ZoneId> timeZone(String tenant, String customerId) {
            return Optional.empty();
        }

        @Override
        public Optional<Customer> customer(String tenant, String customerId) {
            return customerId.equals("pat") ? Optional.of(new Customer(Map.of("customer_first_name", "Pat",
                    "customer_tier", "gold"), Optional.of(MessageChannel.SMS), "pat@example.com", "+4915112345678",
                    Optional.of(ZoneId.of("Europe/Berlin"))))
                    : Optional.empty();
        }
    };

    private final Personalisation personalisation = new Personalisation(PAT);

    private static SendMessageCommand request(String customer, MessageChannel channel, String recipient, String body,
                                              Map<String, String> variables) {
        return new SendMessageCommand("acme/k", "acme", "k", customer, channel, MessagePurpose.TRANSACTIONAL, recipient,
                new MessageTemplate(null, body, Map.of()), variables);
    }

    @Test
    void preferredBecomesTheCustomersChannelWithTheAddressFromTheirProfile() {
        var resolved = personalisation.resolve(request("pat", MessageChannel.PREFERRED, null, "Hi", Map.of()));

        assertThat(resolved.refusal()).isNull();
        assertThat(resolved.command().channel()).isEqualTo(MessageChannel.SMS);
        assertThat(resolved.command().recipient()).isEqualTo("+4915112345678");
    }

    @Test
    void theCustomersVariablesFillTheTemplateUnderTheRequests() {
        var resolved = personalisation.resolve(request("pat", MessageChannel.EMAIL, null,
                "Hi {{ customer_first_name }} ({{ customer_tier }})", Map.of("customer_tier", "platinum")));

        assertThat(resolved.command().recipient()).isEqualTo("pat@example.com");
        assertThat(resolved.command().variables()).containsEntry("customer_first_name", "Pat")
                .containsEntry("customer_tier", "platinum");
        assertThat(resolved.customer().timeZone()).as("read once, for the policy too")
                .contains(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void anUnknownCustomerWithoutAnAddressCannotBeReached() {
        var resolved = personalisation.resolve(request("nobody", MessageChannel.PREFERRED, null, "Hi", Map.of()));

        assertThat(resolved.refusal()).isEqualTo(
                "no EMAIL address: none was given and the customer's profile has none");
    }

    @Test
    void aRequestThatNeedsNothingOfTheCustomerDoesNotAsk() {
        var resolved = new Personalisation(null).resolve(request("ada", MessageChannel.EMAIL, "ada@example.com",
                "Your code is {{ code }}", Map.of("code", "123456")));

        assertThat(resolved.command().recipient()).isEqualTo("ada@example.com");
        assertThat(resolved.customer()).isNull();
    }
}
