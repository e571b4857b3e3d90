package io.rapport.relationship.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.rapport.proto.operations.v1.DeadLetter;
import io.rapport.proto.operations.v1.DeadLetterServiceGrpc;
import io.rapport.proto.operations.v1.EvictDeadLetterRequest;
import io.rapport.proto.operations.v1.ListDeadLettersRequest;
import io.rapport.proto.operations.v1.RetryDeadLetterRequest;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RegisterCustomerRequest;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RelationshipIds;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One workspace's poison event (stored before the API refused such times) stops nobody else: the relationship views
 * of another workspace keep following, the poisoned customer's later events wait behind it, and the operator sees,
 * evicts and retries the dead letters over gRPC.
 */
class DeadLetterIT extends RelationshipServiceSupport {

    private static final Instant ABSURD = Instant.parse("-999999999-01-01T00:00:00Z");

    @Autowired
    CommandGateway commands;

    private static Interaction.Builder purchase(String eventId, Instant at) {
        return Interaction.newBuilder().setEventId(eventId).setChannel(Channel.CHANNEL_STORE)
                .setDirection(Direction.DIRECTION_INBOUND).setKind(InteractionKind.INTERACTION_KIND_PURCHASE)
                .setOccurTime(ProtoMapping.timestamp(at)).setAmount("10.00").setCurrency("EUR");
    }

    private DeadLetterServiceGrpc.DeadLetterServiceBlockingStub operator() {
        return DeadLetterServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenantHeader("default")))
                .withDeadlineAfter(Duration.ofSeconds(30));
    }

    private List<DeadLetter> deadLetters() {
        return operator().listDeadLetters(ListDeadLettersRequest.getDefaultInstance()).getDeadLettersList();
    }

    @Test
    void anAbsurdTimeIsRefusedAtTheDoor() {
        assertThatThrownBy(() -> client("door").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("absurd", ABSURD).setCustomerId("eve")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("interactions[0].occurredAt: must lie between");
                });
    }

    @Test
    void aPoisonEventWaitsAsADeadLetterWhileEveryoneElseGoesOn() throws Exception {
        client("poisoned").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("mallory").build());
        client("healthy").registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("hana").build());
        awaitStoredView("poisoned", "mallory", 1);

        // As if stored by an older version that did not check times: straight to the aggregate.
        io.rapport.relationship.api.Interaction poison = new io.rapport.relationship.api.Interaction("poison",
                io.rapport.relationship.api.Channel.STORE, io.rapport.relationship.api.Direction.INBOUND,
                io.rapport.relationship.api.InteractionKind.PURCHASE, ABSURD, new java.math.BigDecimal("1.00"),
                "EUR", null, null, null, null, List.of(), null);
        commands.sendAndWait(new RecordInteractionsCommand(RelationshipIds.of("poisoned", "mallory"), "poisoned",
                "mallory", List.of(poison)));
        client("poisoned").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("after-poison", Instant.parse("2026-11-01T10:00:00Z"))
                        .setCustomerId("mallory")).build());
        client("healthy").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("hana-1", Instant.parse("2026-11-02T10:00:00Z")).setCustomerId("hana"))
                .build());

        awaitStoredView("healthy", "hana", 2);
        assertThat(storedView("healthy", "hana").get("orderCount", Number.class).longValue()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters().size() == 2);
        List<DeadLetter> letters = deadLetters();
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getProcessor()).isEqualTo("relationship-views");
            assertThat(letter.getWorkspace()).isEqualTo("poisoned");
            assertThat(letter.getSequence()).isEqualTo("poisoned/mallory");
        });
        assertThat(letters.get(0).getCause()).contains("outside the supported range");
        assertThat(letters.get(0).getAggregateSequence()).isLessThan(letters.get(1).getAggregateSequence());
        // The later event waits: mallory's stored view still holds only the registration. A read folds in what the
        // view lacks from the store, with the poison left out as it would be once evicted.
        assertThat(storedView("poisoned", "mallory").get("lastSequence", Number.class).longValue()).isEqualTo(0);
        Relationship read = awaitRelationship("poisoned", "mallory", 3);
        assertThat(read.getOrderCount()).isEqualTo(1);
        assertThat(read.getVersion()).isEqualTo(3);

        // Retrying the poison fails again and changes nothing; evicting it lets the next one through.
        assertThat(operator().retryDeadLetter(RetryDeadLetterRequest.newBuilder().setId(letters.get(0).getId())
                .build()).getSucceeded()).isFalse();
        assertThat(deadLetters()).hasSize(2);
        assertThat(operator().evictDeadLetter(EvictDeadLetterRequest.newBuilder().setId(letters.get(0).getId())
                .build()).getRemaining()).isEqualTo(1);
        assertThat(operator().retryDeadLetter(RetryDeadLetterRequest.newBuilder().setId(letters.get(1).getId())
                .build()).getSucceeded()).isTrue();
        assertThat(deadLetters()).isEmpty();
        awaitStoredView("poisoned", "mallory", 3);
        assertThat(storedView("poisoned", "mallory").get("orderCount", Number.class).longValue()).isEqualTo(1);

        // And the customer's new events flow again.
        client("poisoned").recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("later", Instant.parse("2026-11-03T10:00:00Z")).setCustomerId("mallory"))
                .build());
        awaitStoredView("poisoned", "mallory", 4);
        assertThat(storedView("poisoned", "mallory").get("orderCount", Number.class).longValue()).isEqualTo(2);
    }
}
