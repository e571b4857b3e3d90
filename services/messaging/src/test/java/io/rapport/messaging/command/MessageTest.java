package io.rapport.messaging.command;

import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import io.rapport.messaging.api.AttemptGranted;
import io.rapport.messaging.api.MessageAttemptStartedEvent;
import io.rapport.messaging.api.MessageBouncedEvent;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageDeliveredEvent;
import io.rapport.messaging.api.MessageDispatchedEvent;
import io.rapport.messaging.api.MessageEngagedEvent;
import io.rapport.messaging.api.MessageFailedEvent;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.MessageRenderedEvent;
import io.rapport.messaging.api.MessageRequestedEvent;
import io.rapport.messaging.api.MessageRetryScheduledEvent;
import io.rapport.messaging.api.MessageStatus;
import io.rapport.messaging.api.MessageSuppressedEvent;
import io.rapport.messaging.api.MessageTemplate;
import io.rapport.messaging.api.RecordDeliveryCommand;
import io.rapport.messaging.api.RecordDispatchCommand;
import io.rapport.messaging.api.RecordEngagementCommand;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.api.StartAttemptCommand;
import io.rapport.messaging.channel.TrackingLinks;
import io.rapport.messaging.policy.BadAddresses;
import io.rapport.messaging.policy.MarketingSends;
import io.rapport.messaging.policy.SendPolicy;
import io.rapport.messaging.policy.WorkspaceSettings;
import io.rapport.platform.testing.TestMongo;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageTest {

    private static final String ID = "acme/order-17-confirmation";
    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    private AggregateTestFixture<Message> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Message.class);
        fixture.registerInjectableResource(new TemplateRenderer());
        fixture.registerInjectableResource(new TrackingLinks("https://rapport.example.com", "key"));
        // The requests here name their address and no customer variable: the relationship service is not asked.
        fixture.registerInjectableResource(new Personalisation(null));
        // Transactional messages to a fresh address: no policy refuses them.
        MongoDatabase database = TestMongo.freshDatabase();
        fixture.registerInjectableResource(new SendPolicy(null, new BadAddresses(database), new MarketingSends(database),
                new WorkspaceSettings(database, new WorkspaceSettings.Settings(3, Duration.ofDays(7),
                        LocalTime.of(21, 0), LocalTime.of(8, 0)))));
    }

    private static SendMessageCommand send(Map<String, String> variables) {
        return new SendMessageCommand(ID, "acme", "order-17-confirmation", "ada", MessageChannel.EMAIL,
                MessagePurpose.TRANSACTIONAL, "ada@example.com",
                new MessageTemplate("Order {{ order }}", "Hi {{ first_name }}!", Map.of()), variables);
    }

    private static MessageRequestedEvent requested() {
        return requested(MessageChannel.EMAIL);
    }

    private static MessageRequestedEvent requested(MessageChannel channel) {
        return new MessageRequestedEvent(ID, "acme", "order-17-confirmation", "ada", channel,
                MessagePurpose.TRANSACTIONAL, "ada@example.com", AT);
    }

    @Test
    void aRequestIsRenderedForItsChannel() {
        fixture.givenNoPriorActivity()
                .when(send(Map.of("first_name", "Ada", "order", "17")))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(matches((MessageRequestedEvent e) -> e.messageId().equals(ID))),
                        messageWithPayload(matches((MessageRenderedEvent e) -> e.body().equals("Hi Ada!")
                                && e.subject().equals("Order 17"))),
                        andNoMore()))
                .expectResultMessagePayload(new MessageStatus(ID, "RENDERED", null));
    }

    @Test
    void aMissingVariableSuppressesTheMessageWithTheReason() {
        fixture.givenNoPriorActivity()
                .when(send(Map.of("order", "17")))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(matches((MessageRequestedEvent e) -> true)),
                        messageWithPayload(matches((MessageSuppressedEvent e) ->
                                e.reason().contains("first_name"))),
                        andNoMore()));
    }

    @Test
    void theSameKeyAgainChangesNothingAndAnswersWithTheFirstOutcome() {
        fixture.given(requested(), new MessageSuppressedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "missing variable 'first_name'", AT))
                .when(send(Map.of("first_name", "Ada", "order", "17")))
                .expectNoEvents()
                .expectResultMessagePayload(new MessageStatus(ID, "SUPPRESSED", "missing variable 'first_name'"));
    }

    private static MessageRenderedEvent rendered(MessageChannel channel) {
        return new MessageRenderedEvent(ID, "acme", "ada", channel, "ada@example.com", "Order 17", "Hi Ada!", null,
                AT);
    }

    private static MessageAttemptStartedEvent started(MessageChannel channel, int attempt) {
        return new MessageAttemptStartedEvent(ID, "acme", "ada", channel, attempt, AT);
    }

    @Test
    void anAttemptIsRecordedAsStartedBeforeTheHandOff() {
        fixture.given(requested(), rendered(MessageChannel.EMAIL))
                .when(new StartAttemptCommand(ID, 1, 5))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageAttemptStartedEvent e) ->
                        e.attempt() == 1)), andNoMore()))
                .expectResultMessagePayloadMatching(matches((AttemptGranted granted) -> granted.attempt() == 1
                        && granted.message().recipient().equals("ada@example.com")));
    }

    @Test
    void aRenderedMessageIsDispatchedOnceOnly() {
        fixture.given(requested(), rendered(MessageChannel.EMAIL), started(MessageChannel.EMAIL, 1))
                .when(RecordDispatchCommand.dispatched(ID, 1, "<m1@rapport>"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageDispatchedEvent e) ->
                        e.providerMessageId().equals("<m1@rapport>"))), andNoMore()));
        fixture.given(requested(), rendered(MessageChannel.EMAIL), started(MessageChannel.EMAIL, 1),
                        new MessageDispatchedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "<m1@rapport>", 1, AT))
                .when(new StartAttemptCommand(ID, 1, 5))
                .expectNoEvents()
                .expectResultMessagePayload(null);
    }

    @Test
    void aPassingFailureSchedulesTheNextAttemptWhichOnlyTheRetryMayStart() {
        Instant retryAt = AT.plusSeconds(2);
        fixture.given(requested(MessageChannel.SMS), rendered(MessageChannel.SMS), started(MessageChannel.SMS, 1))
                .when(RecordDispatchCommand.failed(ID, 1, "SMS provider answered 503", retryAt))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageRetryScheduledEvent e) ->
                        e.attempt() == 1 && e.retryAt().equals(retryAt))), andNoMore()));
        MessageRetryScheduledEvent scheduled = new MessageRetryScheduledEvent(ID, "acme", "ada", MessageChannel.SMS, 1,
                "SMS provider answered 503", retryAt, AT);
        fixture.given(requested(MessageChannel.SMS), rendered(MessageChannel.SMS), started(MessageChannel.SMS, 1), scheduled)
                .when(new StartAttemptCommand(ID, 1, 5))
                .expectNoEvents()
                .expectResultMessagePayload(null);
        fixture.given(requested(MessageChannel.SMS), rendered(MessageChannel.SMS), started(MessageChannel.SMS, 1), scheduled)
                .when(new StartAttemptCommand(ID, 2, 5))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageAttemptStartedEvent e) ->
                        e.attempt() == 2)), andNoMore()))
                .expectResultMessagePayloadMatching(matches((AttemptGranted granted) -> granted.attempt() == 2
                        && granted.message().recipient().equals("ada@example.com")));
    }

    @Test
    void theOutcomeOfAnOldAttemptChangesNothing() {
        fixture.given(requested(MessageChannel.SMS), rendered(MessageChannel.SMS), started(MessageChannel.SMS, 1),
                        new MessageRetryScheduledEvent(ID, "acme", "ada", MessageChannel.SMS, 1, "timeout", AT, AT),
                        started(MessageChannel.SMS, 2))
                .when(RecordDispatchCommand.dispatched(ID, 1, "late"))
                .expectNoEvents();
    }

    @Test
    void anInterruptedEmailIsFailedRatherThanRiskASecondCopy() {
        fixture.given(requested(), rendered(MessageChannel.EMAIL), started(MessageChannel.EMAIL, 1))
                .when(new StartAttemptCommand(ID, 1, 5))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageFailedEvent e) ->
                        e.reason().equals(Message.INTERRUPTED))), andNoMore()))
                .expectResultMessagePayload(null);
    }

    @Test
    void anInterruptedHttpSendIsTriedAgainUnderTheSameIdempotencyKey() {
        fixture.given(requested(MessageChannel.SMS), rendered(MessageChannel.SMS), started(MessageChannel.SMS, 1))
                .when(new StartAttemptCommand(ID, 1, 5))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageAttemptStartedEvent e) ->
                        e.attempt() == 2)), andNoMore()))
                .expectResultMessagePayloadMatching(matches((AttemptGranted granted) -> granted.attempt() == 2
                        && granted.message().recipient().equals("ada@example.com")));
        fixture.given(requested(MessageChannel.SMS), rendered(MessageChannel.SMS), started(MessageChannel.SMS, 1))
                .when(new StartAttemptCommand(ID, 1, 1))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageFailedEvent e) ->
                        e.reason().contains("last of 1"))), andNoMore()));
    }

    @Test
    void theLastPassingFailureFailsTheMessage() {
        fixture.given(requested(MessageChannel.SMS), rendered(MessageChannel.SMS), started(MessageChannel.SMS, 1))
                .when(RecordDispatchCommand.failed(ID, 1, "SMS provider answered 503", null))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageFailedEvent e) ->
                        e.reason().equals("SMS provider answered 503"))), andNoMore()))
                .expectResultMessagePayload(new MessageStatus(ID, "FAILED", "SMS provider answered 503"));
    }

    @Test
    void aHardBounceOrComplaintNamesTheAddressAndDeliveryCountsOnce() {
        MessageDispatchedEvent dispatched = new MessageDispatchedEvent(ID, "acme", "ada", MessageChannel.EMAIL,
                "<m1@rapport>", 1, AT);
        fixture.given(requested(), rendered(MessageChannel.EMAIL), started(MessageChannel.EMAIL, 1), dispatched)
                .when(new RecordDeliveryCommand(ID, RecordDeliveryCommand.DeliveryStatus.HARD_BOUNCE, "550 no such user"))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageBouncedEvent e) ->
                        e.hard() && e.addressIsBad() && e.recipient().equals("ada@example.com"))), andNoMore()));
        fixture.given(requested(), rendered(MessageChannel.EMAIL), started(MessageChannel.EMAIL, 1), dispatched,
                        new MessageDeliveredEvent(ID, "acme", "ada", MessageChannel.EMAIL, AT))
                .when(new RecordDeliveryCommand(ID, RecordDeliveryCommand.DeliveryStatus.DELIVERED, null))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(requested(), rendered(MessageChannel.EMAIL))
                .when(new RecordDeliveryCommand(ID, RecordDeliveryCommand.DeliveryStatus.COMPLAINED, null))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anOpenCountsOnceAndOnlyForADispatchedMessage() {
        MessageRenderedEvent rendered = new MessageRenderedEvent(ID, "acme", "ada", MessageChannel.EMAIL,
                "ada@example.com", "Order 17", "Hi Ada!", null, AT);
        MessageDispatchedEvent dispatched = new MessageDispatchedEvent(ID, "acme", "ada", MessageChannel.EMAIL,
                "<m1@rapport>", 1, AT);
        fixture.given(requested(), rendered)
                .when(new RecordEngagementCommand(ID, "OPENED", null))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(requested(), rendered, dispatched)
                .when(new RecordEngagementCommand(ID, "OPENED", null))
                .expectEventsMatching(exactSequenceOf(messageWithPayload(matches((MessageEngagedEvent e) ->
                        e.kind().equals("OPENED"))), andNoMore()))
                .expectResultMessagePayload(true);
        fixture.given(requested(), rendered, dispatched,
                        new MessageEngagedEvent(ID, "acme", "ada", MessageChannel.EMAIL, "OPENED", null, AT))
                .when(new RecordEngagementCommand(ID, "OPENED", null))
                .expectNoEvents();
    }
}
