package io.rapport.relationship.command;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionOutcome;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RegisterCustomerCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerRelationshipTest {

    private static final String ID = "acme/ada";
    private static final CustomerProfile ADA = new CustomerProfile("Ada", "Lovelace", "ada@example.com", null,
            "Europe/London", "en-GB", java.util.Map.of());

    private AggregateTestFixture<CustomerRelationship> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CustomerRelationship.class);
    }

    private static Interaction purchase(String eventId) {
        return new Interaction(eventId, Channel.STORE, Direction.INBOUND, InteractionKind.PURCHASE,
                Instant.parse("2026-01-02T10:00:00Z"), new BigDecimal("19.99"), "EUR", null, "order-1", null, null,
                List.of("shoes"));
    }

    @Test
    void registeringACustomerRecordsTheirProfile() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomerCommand(ID, "acme", "ada", ADA))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false));
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
    void reSendingAnEventIdIsANoOp() {
        fixture.given(new CustomerRegisteredEvent(ID, "acme", "ada", ADA, false),
                        new InteractionRecordedEvent(ID, "acme", "ada", purchase("e1")))
                .when(new RecordInteractionsCommand(ID, "acme", "ada", List.of(purchase("e1"), purchase("e2"), purchase("e2"))))
                .expectEvents(new InteractionRecordedEvent(ID, "acme", "ada", purchase("e2")))
                .expectResultMessagePayload(List.of(InteractionOutcome.DUPLICATE, InteractionOutcome.RECORDED,
                        InteractionOutcome.DUPLICATE));
    }
}
