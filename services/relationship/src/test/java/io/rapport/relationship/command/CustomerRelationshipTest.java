package io.rapport.relationship.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import io.rapport.platform.privacy.SubjectKeys;
import io.rapport.platform.testing.TestMongo;
import io.rapport.relationship.api.ChangeConsentCommand;
import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerProfileUpdatedEvent;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.ForgetCustomerCommand;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.IdentifierLinkedEvent;
import io.rapport.relationship.api.IdentifierType;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionOutcome;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RegisterCustomerCommand;
import io.rapport.relationship.api.Sentiment;
import io.rapport.relationship.api.UpsertCustomerCommand;
import io.rapport.relationship.intelligence.Vader;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerRelationshipTest {

    private static final String ID = "acme/ada";
    private static final CustomerProfile ADA = new CustomerProfile("Ada", "Lovelace", "ada@example.com", null,
            "Europe/London", "en-GB", java.util.Map.of());

    private static final Vader VADER = Vader.withBundledLexicon();

    private AggregateTestFixture<CustomerRelationship> fixture;
    private IdentityRegistry registry;
    private OlderEventIds olderIds;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerRelationship.class);
        fixture.registerInjectableResource(VADER);
        MongoDatabase database = TestMongo.freshDatabase();
        fixture.registerInjectableResource(new SubjectKeys(database));
        registry = new IdentityRegistry(database);
        fixture.registerInjectableResource(registry);
        olderIds = new OlderEventIds(database);
        fixture.registerInjectableResource(olderIds);
    }

    private static Interaction purchase(String eventId) {
        return new Interaction(eventId, Channel.STORE, Direction.INBOUND, InteractionKind.PURCHASE,
                Instant.parse("2026-01-02T10:00:00Z"), new BigDecimal("19.99"), "EUR", null, "order-1", null, null,
                List.of("shoes"), null);
    }

    private static Interaction complaint(String eventId, String content, Sentiment sentiment) {
        return new Interaction(eventId, Channel.SOCIAL, Direction.INBOUND, InteractionKind.COMPLAINT,
                Instant.parse("2026-01-03T10:00:00Z"), null, null, content, null, null, null, List.of(), sentiment);
    }

    @Test
    void registeringACustomerRecordsTheirProfileAndTheirIdentifiers() {
        Identifier handle = Identifier.of(IdentifierType.SOCIAL, "twitter:Ada");
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomerCommand(ID, "acme", "ada", ADA, List.of(handle)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false),
                        new IdentifierLinkedEvent(ID, "acme", "ada", Identifier.of(IdentifierType.EMAIL, ADA.email())),
                        new IdentifierLinkedEvent(ID, "acme", "ada", new Identifier(IdentifierType.SOCIAL, "twitter:ada")));
    }

    @Test
    void anUpsertRegistersANewCustomerWithTheirIdentifiersAndConsents() {
        Instant at = Instant.parse("2026-01-05T09:00:00Z");
        CustomerUpsert.Consent consent = new CustomerUpsert.Consent(Channel.EMAIL, "marketing", true, "crm", at);
        fixture.givenNoPriorActivity()
                .when(new UpsertCustomerCommand(ID, "acme", "ada", ADA, List.of(), List.of(consent)))
                .expectEvents(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false),
                        new IdentifierLinkedEvent(ID, "acme", "ada", Identifier.of(IdentifierType.EMAIL, ADA.email())),
                        new ConsentChangedEvent(ID, "acme", "ada", Channel.EMAIL, "marketing", true, "crm", at))
                .expectResultMessagePayload(UpsertCustomerCommand.Outcome.CREATED);
    }

    @Test
    void anUpsertRecordsOnlyWhatIsDifferentAndARepeatRecordsNothing() {
        Identifier handle = Identifier.of(IdentifierType.SOCIAL, "insta:ada");
        CustomerProfile changes = new CustomerProfile("Ada", "King", null, null, null, null,
                java.util.Map.of("tier", "gold", "city", "London"));
        CustomerProfile given = new CustomerProfile("Ada", "Lovelace", "ada@example.com", null, "Europe/London",
                "en-GB", java.util.Map.of("tier", "gold"));
        CustomerRegisteredEvent registered = new CustomerRegisteredEvent(ID, "acme", "ada", given, false);
        fixture.given(registered)
                .when(new UpsertCustomerCommand(ID, "acme", "ada", changes, List.of(handle), List.of()))
                .expectEvents(new CustomerProfileUpdatedEvent(ID, "acme", "ada", new CustomerProfile(null, "King", null,
                                null, null, null, java.util.Map.of("city", "London"))),
                        new IdentifierLinkedEvent(ID, "acme", "ada", handle))
                .expectResultMessagePayload(UpsertCustomerCommand.Outcome.UPDATED);
        fixture.given(registered, new CustomerProfileUpdatedEvent(ID, "acme", "ada", changes),
                        new IdentifierLinkedEvent(ID, "acme", "ada", handle))
                .when(new UpsertCustomerCommand(ID, "acme", "ada", changes, List.of(handle), List.of()))
                .expectNoEvents()
                .expectResultMessagePayload(UpsertCustomerCommand.Outcome.UNCHANGED);
    }

    @Test
    void anUpsertOfAForgottenCustomerRecordsNothing() {
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false),
                        new CustomerForgottenEvent(ID, "acme", "ada", Instant.parse("2026-02-01T00:00:00Z")))
                .when(new UpsertCustomerCommand(ID, "acme", "ada", ADA, List.of(), List.of()))
                .expectNoEvents()
                .expectResultMessagePayload(UpsertCustomerCommand.Outcome.ERASED);
    }

    @Test
    void anUpsertClaimingAnotherCustomersIdentifierIsRefusedWhole() {
        registry.claim("acme", Identifier.of(IdentifierType.EMAIL, "bob@example.com"), "bob");
        fixture.givenNoPriorActivity()
                .when(new UpsertCustomerCommand(ID, "acme", "ada", new CustomerProfile("Ada", null, "BOB@example.com",
                        null, null, null, null), List.of(), List.of()))
                .expectNoEvents()
                .expectException(io.rapport.platform.grpc.RequestRejectedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("'bob'"));
    }

    @Test
    void anInteractionOfAnUnknownCustomerRegistersThemImplicitly() {
        fixture.givenNoPriorActivity()
                .when(new RecordInteractionsCommand(ID, "acme", "ada", List.of(purchase("e1"))))
                .expectEvents(new CustomerRegisteredEvent(ID, "acme", "ada", CustomerProfile.empty(), true),
                        new InteractionRecordedEvent(ID, "acme", "ada", purchase("e1")))
                .expectResultMessagePayload(List.of(InteractionOutcome.RECORDED));
    }

    @Test
    void inboundTextIsRecordedWithItsSentiment() {
        String text = "My order never arrived and nobody answers. Terrible!";
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false))
                .when(new RecordInteractionsCommand(ID, "acme", "ada",
                        List.of(complaint("c1", text, null), purchase("e1"))))
                .expectEvents(new InteractionRecordedEvent(ID, "acme", "ada", complaint("c1", text, VADER.score(text))),
                        new InteractionRecordedEvent(ID, "acme", "ada", purchase("e1")));
    }

    @Test
    void consentChangesAreRecordedAndRepeatsChangeNothing() {
        Instant at = Instant.parse("2026-01-05T09:00:00Z");
        ConsentChangedEvent granted = new ConsentChangedEvent(ID, "acme", "ada", Channel.EMAIL, "marketing", true,
                "signup-form", at);
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false))
                .when(new ChangeConsentCommand(ID, "acme", "ada", Channel.EMAIL, "marketing", true, "signup-form", at))
                .expectEvents(granted)
                .expectResultMessagePayload(true);
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false), granted)
                .when(new ChangeConsentCommand(ID, "acme", "ada", Channel.EMAIL, "marketing", true, "import", at))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false), granted)
                .when(new ChangeConsentCommand(ID, "acme", "ada", Channel.EMAIL, "marketing", false,
                        "unsubscribe-link", at.plusSeconds(60)))
                .expectEvents(new ConsentChangedEvent(ID, "acme", "ada", Channel.EMAIL, "marketing", false,
                        "unsubscribe-link", at.plusSeconds(60)));
    }

    @Test
    void reSendingAnEventIdIsANoOp() {
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false),
                        new InteractionRecordedEvent(ID, "acme", "ada", purchase("e1")))
                .when(new RecordInteractionsCommand(ID, "acme", "ada", List.of(purchase("e1"), purchase("e2"), purchase("e2"))))
                .expectEvents(new InteractionRecordedEvent(ID, "acme", "ada", purchase("e2")))
                .expectResultMessagePayload(List.of(InteractionOutcome.DUPLICATE, InteractionOutcome.RECORDED,
                        InteractionOutcome.DUPLICATE));
    }

    /** A customer with as many interactions as their aggregate holds ids of: e0 to e9999. */
    private static Object[] aFullHistory() {
        List<Object> events = new java.util.ArrayList<>();
        events.add(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false));
        for (int i = 0; i < CustomerRelationship.RECENT_EVENT_IDS; i++) {
            events.add(new InteractionRecordedEvent(ID, "acme", "ada", purchase("e" + i)));
        }
        return events.toArray();
    }

    @Test
    void theOldestIdsLeaveTheAggregateForTheStoreAndAreStillRefusedThere() {
        olderIds.hold(ID, List.of("before"));
        fixture.given(aFullHistory())
                .when(new RecordInteractionsCommand(ID, "acme", "ada",
                        List.of(purchase("before"), purchase("e9999"), purchase("n1"), purchase("n2"))))
                .expectEvents(new InteractionRecordedEvent(ID, "acme", "ada", purchase("n1")),
                        new InteractionRecordedEvent(ID, "acme", "ada", purchase("n2")))
                .expectResultMessagePayload(List.of(InteractionOutcome.DUPLICATE, InteractionOutcome.DUPLICATE,
                        InteractionOutcome.RECORDED, InteractionOutcome.RECORDED));
        // Room was made for four: the four oldest, all stored before the command, are held outside the aggregate.
        assertThat(olderIds.held(ID, List.of("e0", "e1", "e2", "e3", "e4", "n1", "n2")))
                .containsExactlyInAnyOrder("e0", "e1", "e2", "e3");
        assertThat(olderIds.held("acme/bob", List.of("e0", "before"))).as("per customer").isEmpty();
    }

    @Test
    void aShortHistoryHoldsEveryIdInTheAggregate() {
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false),
                        new InteractionRecordedEvent(ID, "acme", "ada", purchase("e1")))
                .when(new RecordInteractionsCommand(ID, "acme", "ada", List.of(purchase("e1"), purchase("e2"))))
                .expectResultMessagePayload(List.of(InteractionOutcome.DUPLICATE, InteractionOutcome.RECORDED));
        assertThat(olderIds.held(ID, List.of("e1", "e2"))).isEmpty();
    }

    @Test
    void anUnsubscribeWithdrawsMarketingConsentOnItsChannelFromWhenItHappened() {
        Instant at = Instant.parse("2026-02-01T08:00:00Z");
        Interaction unsubscribe = new Interaction("u1", Channel.EMAIL, Direction.INBOUND, InteractionKind.UNSUBSCRIBE,
                at, null, null, null, "newsletter-42", null, null, List.of(), null);
        ConsentChangedEvent granted = new ConsentChangedEvent(ID, "acme", "ada", Channel.EMAIL, "marketing", true,
                "signup-form", at.minusSeconds(86_400));
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false), granted)
                .when(new RecordInteractionsCommand(ID, "acme", "ada", List.of(unsubscribe)))
                .expectEvents(new InteractionRecordedEvent(ID, "acme", "ada", unsubscribe),
                        new ConsentChangedEvent(ID, "acme", "ada", Channel.EMAIL, "marketing", false, "unsubscribe:u1", at));
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false), granted,
                        new ConsentChangedEvent(ID, "acme", "ada", Channel.EMAIL, "marketing", false, "support", at))
                .when(new RecordInteractionsCommand(ID, "acme", "ada", List.of(unsubscribe)))
                .expectEvents(new InteractionRecordedEvent(ID, "acme", "ada", unsubscribe));
    }

    @Test
    void aForgottenCustomerIsForgottenOnceAndNothingMoreIsRecordedAboutThem() {
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false))
                .when(new ForgetCustomerCommand(ID, "acme", "ada"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches(
                        (CustomerForgottenEvent e) -> e.relationshipId().equals(ID))), andNoMore()))
                .expectResultMessagePayload(true);
        CustomerForgottenEvent forgotten = new CustomerForgottenEvent(ID, "acme", "ada", Instant.now());
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false), forgotten)
                .when(new ForgetCustomerCommand(ID, "acme", "ada"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false), forgotten)
                .when(new RecordInteractionsCommand(ID, "acme", "ada", List.of(purchase("e9"))))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(InteractionOutcome.ERASED));
    }
}
