package io.rapport.messaging.command;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;

import java.time.Instant;

import io.rapport.messaging.api.AgentRepliedEvent;
import io.rapport.messaging.api.ConversationAssignedEvent;
import io.rapport.messaging.api.ConversationStartedEvent;
import io.rapport.messaging.api.ConversationStatus;
import io.rapport.messaging.api.ConversationStatusChangedEvent;
import io.rapport.messaging.api.InboundMessageReceivedEvent;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.ReceiveInboundCommand;
import io.rapport.messaging.api.RecordAgentReplyCommand;
import io.rapport.messaging.api.UpdateConversationCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConversationTest {

    private static final String ID = "acme/conv-1";
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    private AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
    }

    private static ReceiveInboundCommand complaint(String inboundId) {
        return new ReceiveInboundCommand(ID, "acme", "ada", MessageChannel.EMAIL, inboundId, "ada@example.com",
                "Order 17", "My parcel arrived broken.", -0.6, true, "Hi Ada, I'm truly sorry…", null, null, AT);
    }

    private static ConversationStartedEvent started() {
        return new ConversationStartedEvent(ID, "acme", "ada", MessageChannel.EMAIL, AT);
    }

    private static InboundMessageReceivedEvent received(String inboundId) {
        return new InboundMessageReceivedEvent(ID, "acme", "ada", MessageChannel.EMAIL, inboundId, "ada@example.com",
                "Order 17", "My parcel arrived broken.", -0.6, true, "Hi Ada, I'm truly sorry…", null, null, AT);
    }

    @Test
    void aFirstMessageStartsTheConversationAndAComplaintCarriesItsSuggestedReply() {
        fixture.givenNoPriorActivity()
                .when(complaint("<m1@mail>"))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(matches((ConversationStartedEvent e) -> e.customerId().equals("ada"))),
                        messageWithPayload(matches((InboundMessageReceivedEvent e) -> e.complaint()
                                && e.suggestedReply().startsWith("Hi Ada"))),
                        andNoMore()))
                .expectResultMessagePayload(true);
    }

    @Test
    void theSameInboundMessageAgainIsRecordedOnce() {
        fixture.given(started(), received("<m1@mail>"))
                .when(complaint("<m1@mail>"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anAgentReplyIsRecordedOncePerReplyId() {
        fixture.given(started(), received("<m1@mail>"))
                .when(new RecordAgentReplyCommand(ID, "r1", "sam", "So sorry, Ada.", "acme/reply:r1"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((AgentRepliedEvent e) ->
                        e.agent().equals("sam") && e.messageId().equals("acme/reply:r1"))), andNoMore()));
        fixture.given(started(), received("<m1@mail>"),
                        new AgentRepliedEvent(ID, "acme", "ada", "r1", "sam", "So sorry, Ada.", "acme/reply:r1", AT))
                .when(new RecordAgentReplyCommand(ID, "r1", "sam", "So sorry, Ada.", "acme/reply:r1"))
                .expectNoEvents();
    }

    @Test
    void statusAndAssigneeChangeOnlyWhenTheyDiffer() {
        fixture.given(started(), received("<m1@mail>"))
                .when(new UpdateConversationCommand(ID, ConversationStatus.OPEN, "sam"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((ConversationAssignedEvent e) ->
                        e.assignee().equals("sam"))), andNoMore()));
        fixture.given(started(), received("<m1@mail>"))
                .when(new UpdateConversationCommand(ID, ConversationStatus.CLOSED, null))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((ConversationStatusChangedEvent e) ->
                        e.status() == ConversationStatus.CLOSED)), andNoMore()));
    }
}
