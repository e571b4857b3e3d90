package io.rapport.relationship.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.proto.relationship.v1.ChangeConsentRequest;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.CustomerProfile;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.FitPurchaseModelRequest;
import io.rapport.proto.relationship.v1.ForgetCustomerRequest;
import io.rapport.proto.relationship.v1.GetRelationshipRequest;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.PurchaseModelFit;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsResponse;
import io.rapport.proto.relationship.v1.RegisterCustomerRequest;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.relationship.query.RelationshipViewRebuilder;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Forgetting a customer: personal data unreadable everywhere, history and workspace totals intact. */
class ErasureIT extends RelationshipServiceSupport {

    private static final String TENANT = "erasure";
    private static final List<String> PERSONAL = List.of("Lovelace", "ada.lovelace@example.com", "7946 0000",
            "Countess", "Ockham Park");

    @Autowired
    RelationshipViewRebuilder rebuilder;

    private static Interaction.Builder purchase(String customer, String eventId, int day, String amount) {
        return Interaction.newBuilder().setCustomerId(customer).setEventId(eventId).setChannel(Channel.CHANNEL_WEB)
                .setDirection(Direction.DIRECTION_INBOUND).setKind(InteractionKind.INTERACTION_KIND_PURCHASE)
                .setOccurTime(ProtoMapping.timestamp(Instant.parse("2025-01-01T12:00:00Z").plusSeconds(86_400L * day)))
                .setAmount(amount).setCurrency("EUR");
    }

    private PurchaseModelFit fit() {
        return client(TENANT).fitPurchaseModel(FitPurchaseModelRequest.newBuilder()
                .setAsOfTime(ProtoMapping.timestamp(Instant.parse("2025-12-31T00:00:00Z"))).build()).getFit();
    }

    private BigDecimal workspaceSpend() {
        BigDecimal total = BigDecimal.ZERO;
        for (Document view : database.getCollection(activeViews.collection()).find(new Document("tenant", TENANT))) {
            total = total.add(new BigDecimal(view.get("spend", Document.class).getString("EUR")));
        }
        return total;
    }

    private List<String> documentsMentioningPersonalData() {
        List<String> found = new ArrayList<>();
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find()) {
                String json = document.toJson();
                PERSONAL.stream().filter(json::contains).forEach(p -> found.add(collection + ": " + p));
            }
        }
        return found;
    }

    @Test
    void aForgottenCustomersPersonalDataIsUnreadableWhileHistoryAndTotalsStay() throws Exception {
        client(TENANT).registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("c-17")
                .setProfile(CustomerProfile.newBuilder().setFirstName("Ada").setLastName("Lovelace")
                        .setEmail("ada.lovelace@example.com").setPhone("+44 20 7946 0000").setTimeZone("Europe/London")
                        .putAttributes("nickname", "Countess")).build());
        RecordInteractionsRequest.Builder history = RecordInteractionsRequest.newBuilder();
        for (int customer = 0; customer < 20; customer++) {
            String id = customer == 0 ? "c-17" : "other-" + customer;
            for (int order = 0; order < 1 + customer % 4; order++) {
                history.addInteractions(purchase(id, id + "-o" + order, customer * 3 + order * 40, (10 + customer) + ".50"));
            }
        }
        history.addInteractions(Interaction.newBuilder().setCustomerId("c-17").setEventId("complaint")
                .setChannel(Channel.CHANNEL_SUPPORT).setDirection(Direction.DIRECTION_INBOUND)
                .setKind(InteractionKind.INTERACTION_KIND_COMPLAINT).setContent("My parcel to Ockham Park never came!")
                .setOccurTime(ProtoMapping.timestamp(Instant.parse("2025-06-01T09:00:00Z"))));
        client(TENANT).recordInteractions(history.build());
        for (int customer = 1; customer < 20; customer++) {
            awaitStoredView(TENANT, "other-" + customer, 2 + customer % 4);
        }
        awaitStoredView(TENANT, "c-17", 5);
        Relationship before = awaitRelationship(TENANT, "c-17", 5);
        assertThat(before.getProfile().getLastName()).isEqualTo("Lovelace");
        assertThat(database.getCollection("events").find().map(Document::toJson).into(new ArrayList<>()))
                .as("sealed in the store even before anyone is forgotten")
                .noneMatch(json -> PERSONAL.stream().anyMatch(json::contains));
        PurchaseModelFit fitBefore = fit();
        BigDecimal spendBefore = workspaceSpend();

        assertThat(client(TENANT).forgetCustomer(ForgetCustomerRequest.newBuilder().setCustomerId("c-17").build())
                .getForgotten()).isTrue();
        assertThat(client(TENANT).forgetCustomer(ForgetCustomerRequest.newBuilder().setCustomerId("c-17").build())
                .getForgotten()).as("forgetting twice changes nothing").isFalse();

        awaitStoredView(TENANT, "c-17", 6);
        Relationship erased = awaitRelationship(TENANT, "c-17", 6);
        assertThat(erased.getErased()).isTrue();
        assertThat(erased.getProfile().getLastName()).isEmpty();
        assertThat(erased.getProfile().getAttributesMap()).isEmpty();
        assertThat(erased.getOrderCount()).isEqualTo(before.getOrderCount());
        assertThat(erased.getSpendList()).isEqualTo(before.getSpendList());
        assertThat(erased.getRecentInteractionsList()).allSatisfy(i -> assertThat(i.getContent()).isEmpty());
        assertThat(documentsMentioningPersonalData()).as("no collection holds readable personal data").isEmpty();

        // Replays still work: a full rebuild and a fold of the customer's events.
        rebuilder.rebuildInto("erasure_rebuilt", done -> { }, (event, e) -> { });
        Document rebuilt = database.getCollection("erasure_rebuilt").find(new Document("_id", "erasure/c-17")).first();
        assertThat(rebuilt.getBoolean("erased")).isTrue();
        assertThat(rebuilt.get("spend", Document.class).getString("EUR"))
                .isEqualTo(before.getSpendList().get(0).getAmount());
        assertThat(documentsMentioningPersonalData()).isEmpty();
        Relationship folded = client(TENANT).getRelationship(GetRelationshipRequest.newBuilder().setCustomerId("c-17")
                .setKnownTime(ProtoMapping.timestamp(Instant.now())).build()).getRelationship();
        assertThat(folded.getOrderCount()).isEqualTo(before.getOrderCount());
        assertThat(folded.getProfile().getEmail()).isEmpty();

        // Workspace totals and learned models do not move.
        assertThat(workspaceSpend()).isEqualByComparingTo(spendBefore);
        PurchaseModelFit fitAfter = fit();
        assertThat(fitAfter.getCustomers()).isEqualTo(fitBefore.getCustomers());
        assertThat(List.of(fitAfter.getR(), fitAfter.getAlpha(), fitAfter.getA(), fitAfter.getB(), fitAfter.getP()))
                .isEqualTo(List.of(fitBefore.getR(), fitBefore.getAlpha(), fitBefore.getA(), fitBefore.getB(),
                        fitBefore.getP()));

        // Nothing more is recorded about them.
        RecordInteractionsResponse later = client(TENANT).recordInteractions(RecordInteractionsRequest.newBuilder()
                .addInteractions(purchase("c-17", "after", 300, "1.00")).build());
        assertThat(later.getResults(0).getOutcome()).isEqualTo(RecordInteractionsResponse.Outcome.OUTCOME_ERASED);
        assertThatThrownBy(() -> client(TENANT).changeConsent(ChangeConsentRequest.newBuilder().setCustomerId("c-17")
                .setChannel(Channel.CHANNEL_EMAIL).setPurpose("marketing").setGranted(true).setSource("form").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    }
}
