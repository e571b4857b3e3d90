package io.rapport.messaging.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoDatabase;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.MessageTemplate;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.platform.testing.TestMongo;
import org.junit.jupiter.api.Test;

class SendPolicyTest {

    /** Customers as the relationship service would describe them: who consented, where they live. */
    private record KnownCustomers(Set<String> consenting, Map<String, ZoneId> zones) implements CustomerFacts {
        @Override
        public boolean consentHeld(String tenant, String customerId, MessageChannel channel, String purpose,
                                   Instant at) {
            return consenting.contains(customerId) && purpose.equals("marketing");
        }

        @Override
        public Optional<ZoneId> timeZone(String tenant, String customerId) {
            return Optional.ofNullable(zones.get(customerId));
        }

        @Override
        public Optional<Customer> customer(String tenant, String customerId) {
            return Optional.empty();
        }
    }

    private static final Instant NOON_UTC = Instant.parse("2026-11-23T12:00:00Z");

    private final MongoDatabase database = TestMongo.freshDatabase();
    private final BadAddresses badAddresses = new BadAddresses(database);
    private final WorkspaceSettings settings = new WorkspaceSettings(database, new WorkspaceSettings.Settings(2,
            Duration.ofDays(7), LocalTime.of(21, 0), LocalTime.of(8, 0)));
    private final SendPolicy policy = policy();

    private SendPolicy policy() {
        return new SendPolicy(new KnownCustomers(Set.of("ada", "tokyo"), Map.of("tokyo", ZoneId.of("Asia/Tokyo"))),
                badAddresses, new MarketingSends(database), settings);
    }

    private static SendMessageCommand message(String customer, MessagePurpose purpose) {
        return message("acme", customer, purpose);
    }

    private static SendMessageCommand message(String tenant, String customer, MessagePurpose purpose) {
        return new SendMessageCommand(tenant + "/k", tenant, "k", customer, MessageChannel.EMAIL, purpose,
                customer + "@example.com", new MessageTemplate(null, "Hi", Map.of()), Map.of());
    }

    @Test
    void eachWorkspaceSetsItsOwnCapAndQuietHours() {
        settings.save("globex", new WorkspaceSettings.Settings(1, Duration.ofDays(1), LocalTime.of(11, 0),
                LocalTime.of(11, 30)));
        assertThat(policy.refusal(message("globex", "ada", MessagePurpose.MARKETING), NOON_UTC, null)).isEmpty();
        assertThat(policy.refusal(message("globex", "ada", MessagePurpose.MARKETING), NOON_UTC.plusSeconds(60), null))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("frequency cap: 1"));
        assertThat(policy.refusal(message("globex", "ada", MessagePurpose.MARKETING),
                NOON_UTC.minusSeconds(3_000), null))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("quiet hours (11:00–11:30"));
        assertThat(policy.refusal(message("acme", "ada", MessagePurpose.MARKETING), NOON_UTC, null))
                .as("another workspace keeps the defaults").isEmpty();
    }

    @Test
    void marketingNeedsConsentAndTransactionalDoesNot() {
        assertThat(policy.refusal(message("bob", MessagePurpose.MARKETING), NOON_UTC, null))
                .contains("no marketing consent for EMAIL");
        assertThat(policy.refusal(message("bob", MessagePurpose.TRANSACTIONAL), NOON_UTC, null)).isEmpty();
        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING), NOON_UTC, null)).isEmpty();
    }

    @Test
    void marketingWaitsOutQuietHoursInTheCustomersTimeZone() {
        // 12:00 UTC is 21:00 in Tokyo.
        assertThat(policy.refusal(message("tokyo", MessagePurpose.MARKETING), NOON_UTC, null))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("quiet hours").contains("Asia/Tokyo"));
        assertThat(policy.refusal(message("tokyo", MessagePurpose.MARKETING),
                NOON_UTC.minusSeconds(3_600), null)).isEmpty();
    }

    @Test
    void theTimeZoneOfTheCustomerAsReadForTheTemplateServesThePolicyToo() {
        // Ada's zone is not among the facts (UTC): the customer read with the message says Tokyo, where it is 21:00.
        CustomerFacts.Customer known = new CustomerFacts.Customer(Map.of(), Optional.empty(), "ada@example.com", null,
                Optional.of(ZoneId.of("Asia/Tokyo")));

        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING), NOON_UTC, known))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("quiet hours").contains("Asia/Tokyo"));
        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING),
                NOON_UTC, null)).as("asked of the facts").isEmpty();
    }

    @Test
    void oneCapCountsMarketingAcrossTheRollingWindow() {
        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING), NOON_UTC, null)).isEmpty();
        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING), NOON_UTC.plusSeconds(60), null)).isEmpty();
        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING), NOON_UTC.plusSeconds(120), null))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("frequency cap: 2"));
        assertThat(policy().refusal(message("ada", MessagePurpose.MARKETING), NOON_UTC.plusSeconds(150),
                null))
                .as("the count survives a restart").isPresent();
        assertThat(policy.refusal(message("ada", MessagePurpose.TRANSACTIONAL), NOON_UTC.plusSeconds(180), null))
                .as("transactional messages are exempt").isEmpty();
        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING),
                NOON_UTC.plus(Duration.ofDays(7)).plusSeconds(1), null)).as("the window rolls").isEmpty();
    }

    @Test
    void sendsToOneCustomerAtOnceKeepToTheCapWhileOtherCustomersGoOn() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<String>>> toAda = new ArrayList<>();
            List<Future<Optional<String>>> toOthers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                toAda.add(senders.submit(() -> policy.refusal(message("ada", MessagePurpose.MARKETING),
                        NOON_UTC, null)));
                toOthers.add(senders.submit(() -> policy.refusal(message("tokyo", MessagePurpose.MARKETING),
                        NOON_UTC.minusSeconds(3_600), null)));
            }
            long allowed = 0;
            for (Future<Optional<String>> send : toAda) {
                allowed += send.get(30, TimeUnit.SECONDS).isEmpty() ? 1 : 0;
            }
            long allowedToOthers = 0;
            for (Future<Optional<String>> send : toOthers) {
                allowedToOthers += send.get(30, TimeUnit.SECONDS).isEmpty() ? 1 : 0;
            }
            assertThat(allowed).as("sixteen sends at once, a cap of two").isEqualTo(2);
            assertThat(allowedToOthers).as("another customer's own cap").isEqualTo(2);
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void anAddressThatBouncedHardOrComplainedGetsNothingMore() {
        badAddresses.markUndeliverable("acme", "Ada@Example.com ", "bounced hard");

        assertThat(policy.refusal(message("ada", MessagePurpose.TRANSACTIONAL), NOON_UTC, null))
                .contains("known-bad address: bounced hard before");
    }

    @Test
    void anAddressThatUnsubscribedGetsNoMarketingButStillItsReceipts() {
        badAddresses.markUnsubscribed("acme", "ada@example.com");

        assertThat(policy.refusal(message("ada", MessagePurpose.MARKETING), NOON_UTC, null))
                .contains("known-bad address for marketing: unsubscribed before");
        assertThat(policy.refusal(message("ada", MessagePurpose.TRANSACTIONAL), NOON_UTC, null)).isEmpty();
        badAddresses.markUndeliverable("acme", "ada@example.com", "complained");
        assertThat(policy.refusal(message("ada", MessagePurpose.TRANSACTIONAL), NOON_UTC, null))
                .as("both marks kept").contains("known-bad address: complained before");
    }
}
