package io.rapport.relationship.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.rapport.proto.relationship.v1.Channel;
import io.rapport.proto.relationship.v1.ConsentChange;
import io.rapport.proto.relationship.v1.CustomerProfile;
import io.rapport.proto.relationship.v1.CustomerUpsert;
import io.rapport.proto.relationship.v1.Direction;
import io.rapport.proto.relationship.v1.GetTimelineRequest;
import io.rapport.proto.relationship.v1.Identifier;
import io.rapport.proto.relationship.v1.IdentifierType;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionKind;
import io.rapport.proto.relationship.v1.LinkIdentifierRequest;
import io.rapport.proto.relationship.v1.MergeCustomersRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsRequest;
import io.rapport.proto.relationship.v1.RecordInteractionsResponse;
import io.rapport.proto.relationship.v1.RegisterCustomerRequest;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.ResolveIdentifierRequest;
import io.rapport.proto.relationship.v1.TimelineEntry;
import io.rapport.proto.relationship.v1.UnmergeCustomersRequest;
import io.rapport.proto.relationship.v1.UpsertCustomersRequest;
import io.rapport.proto.relationship.v1.UpsertCustomersResponse;
import io.rapport.relationship.query.RelationshipViewRebuilder;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Identifiers unique per workspace, interactions by any identifier, merge and un-merge, over real gRPC. */
class IdentityIT extends RelationshipServiceSupport {

    private static final String TENANT = "identity";

    @Autowired
    RelationshipViewRebuilder rebuilder;

    private static Identifier identifier(IdentifierType type, String value) {
        return Identifier.newBuilder().setType(type).setValue(value).build();
    }

    private static Interaction.Builder purchase(String eventId, int day, String amount) {
        return Interaction.newBuilder().setEventId(eventId).setChannel(Channel.CHANNEL_WEB)
                .setDirection(Direction.DIRECTION_INBOUND).setKind(InteractionKind.INTERACTION_KIND_PURCHASE)
                .setOccurTime(ProtoMapping.timestamp(Instant.parse("2026-05-01T10:00:00Z").plusSeconds(86_400L * day)))
                .setAmount(amount).setCurrency("EUR");
    }

    private RecordInteractionsResponse record(Interaction.Builder... interactions) {
        RecordInteractionsRequest.Builder request = RecordInteractionsRequest.newBuilder();
        for (Interaction.Builder interaction : interactions) {
            request.addInteractions(interaction);
        }
        return client(TENANT).recordInteractions(request.build());
    }

    private static void assertStatus(Runnable call, Status.Code code, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(detail);
        });
    }

    private List<String> timeline(String customerId) {
        return client(TENANT).getTimeline(GetTimelineRequest.newBuilder().setCustomerId(customerId).setPageSize(100)
                .build()).getEntriesList().stream().map(e -> e.getType() == TimelineEntry.Type.TYPE_INTERACTION
                ? e.getCustomerId() + ":" + e.getInteraction().getEventId()
                : e.getType().name() + (e.getOtherCustomerId().isEmpty() ? "" : ":" + e.getOtherCustomerId()))
                .toList();
    }

    @Test
    void identifiersAreUniqueInAWorkspaceAndNameTheirCustomer() throws Exception {
        client(TENANT).registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("ann")
                .setProfile(CustomerProfile.newBuilder().setEmail("Ann@Example.com"))
                .addIdentifiers(identifier(IdentifierType.IDENTIFIER_TYPE_SOCIAL, "twitter:AnnB")).build());
        assertStatus(() -> client(TENANT).registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("ann2")
                        .setProfile(CustomerProfile.newBuilder().setEmail("ann@example.COM")).build()),
                Status.Code.ALREADY_EXISTS, "'ann'");
        client(TENANT).registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("ann2")
                .setProfile(CustomerProfile.newBuilder().setEmail("ann.two@example.com")).build());
        assertStatus(() -> client(TENANT).registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("bad")
                        .setProfile(CustomerProfile.newBuilder().setEmail("not-an-address")).build()),
                Status.Code.INVALID_ARGUMENT, "email");
        assertStatus(() -> client(TENANT).linkIdentifier(LinkIdentifierRequest.newBuilder().setCustomerId("ann2")
                        .setIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_SOCIAL, "twitter:annb")).build()),
                Status.Code.ALREADY_EXISTS, "SOCIAL");

        RecordInteractionsResponse byEmail = record(purchase("by-email", 1, "5.00")
                .setCustomerIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_EMAIL, " ANN@example.com ")));
        assertThat(byEmail.getResults(0).getCustomerId()).isEqualTo("ann");
        Relationship ann = awaitRelationship(TENANT, "ann", 4);
        assertThat(ann.getIdentifiersList()).extracting(Identifier::getValue)
                .containsExactlyInAnyOrder("ann@example.com", "twitter:annb");
        assertThat(ann.getOrderCount()).isEqualTo(1);

        Interaction.Builder byPhone = purchase("by-phone", 2, "7.00")
                .setCustomerIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_PHONE, "+44 7700 900123"));
        RecordInteractionsResponse created = record(byPhone);
        String newcomer = created.getResults(0).getCustomerId();
        assertThat(newcomer).startsWith("id-");
        RecordInteractionsResponse again = record(byPhone.clone()
                .setCustomerIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_PHONE, "+447700900123")));
        assertThat(again.getResults(0).getCustomerId()).isEqualTo(newcomer);
        assertThat(again.getResults(0).getOutcome()).isEqualTo(RecordInteractionsResponse.Outcome.OUTCOME_DUPLICATE);
        assertThat(awaitRelationship(TENANT, newcomer, 3).getIdentifiersList()).extracting(Identifier::getValue)
                .containsExactly("+447700900123");
        assertStatus(() -> record(purchase("both", 3, "1.00").setCustomerId("ann")
                        .setCustomerIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_EMAIL, "ann@example.com"))),
                Status.Code.INVALID_ARGUMENT, "not both");
    }

    @Test
    void anIdentifierIsLookedUpExactlyAndOnlyInItsWorkspace() {
        client(TENANT).registerCustomer(RegisterCustomerRequest.newBuilder().setCustomerId("lookup-ada")
                .setProfile(CustomerProfile.newBuilder().setEmail("Ada.Lookup@Example.com").setPhone("+44 20 7946 0001"))
                .build());
        var byEmail = client(TENANT).resolveIdentifier(ResolveIdentifierRequest.newBuilder()
                .setIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_EMAIL, " ada.LOOKUP@example.com")).build());
        assertThat(byEmail.getCustomerId()).isEqualTo("lookup-ada");
        assertThat(byEmail.getIdentifier().getValue()).isEqualTo("ada.lookup@example.com");
        assertThat(client(TENANT).resolveIdentifier(ResolveIdentifierRequest.newBuilder()
                .setIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_PHONE, "+442079460001")).build())
                .getCustomerId()).isEqualTo("lookup-ada");
        assertStatus(() -> client(TENANT).resolveIdentifier(ResolveIdentifierRequest.newBuilder()
                        .setIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_EMAIL, "ada.elsewhere@example.com")).build()),
                Status.Code.NOT_FOUND, "nobody");
        assertStatus(() -> client("identity-elsewhere").resolveIdentifier(ResolveIdentifierRequest.newBuilder()
                        .setIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_EMAIL, "ada.lookup@example.com")).build()),
                Status.Code.NOT_FOUND, "nobody");
        assertStatus(() -> client(TENANT).resolveIdentifier(ResolveIdentifierRequest.newBuilder()
                        .setIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_EMAIL, "not-an-address")).build()),
                Status.Code.INVALID_ARGUMENT, "identifier");
        assertStatus(() -> client(TENANT).resolveIdentifier(ResolveIdentifierRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "identifier");
    }

    private static CustomerUpsert.Builder upsert(String id, String email, String firstName) {
        CustomerUpsert.Builder upsert = CustomerUpsert.newBuilder();
        CustomerProfile.Builder profile = CustomerProfile.newBuilder();
        if (id != null) {
            upsert.setCustomerId(id);
        }
        if (email != null) {
            profile.setEmail(email);
        }
        if (firstName != null) {
            profile.setFirstName(firstName);
        }
        return upsert.setProfile(profile);
    }

    private static CustomerUpsert.Builder gold(CustomerUpsert.Builder upsert) {
        upsert.getProfileBuilder().putAttributes("tier", "gold");
        return upsert;
    }

    private List<String> upsertOutcomes(CustomerUpsert.Builder... customers) {
        UpsertCustomersRequest.Builder request = UpsertCustomersRequest.newBuilder();
        for (CustomerUpsert.Builder customer : customers) {
            request.addCustomers(customer);
        }
        return client(TENANT).upsertCustomers(request.build()).getResultsList().stream()
                .map(r -> r.getCustomerId() + ":" + r.getOutcome().name().substring("OUTCOME_".length())).toList();
    }

    @Test
    void aBatchUpsertsCustomersByIdOrIdentifierAndAnswersForEachOne() throws Exception {
        Instant granted = Instant.parse("2026-03-01T09:00:00Z");
        ConsentChange marketing = ConsentChange.newBuilder().setChannel(Channel.CHANNEL_EMAIL).setPurpose("marketing")
                .setGranted(true).setSource("crm-export").setChangeTime(ProtoMapping.timestamp(granted)).build();
        List<String> first = upsertOutcomes(
                gold(upsert("up-una", "una@example.com", "Una")).addConsents(marketing),
                upsert(null, "vic@example.com", "Vic")
                        .addIdentifiers(identifier(IdentifierType.IDENTIFIER_TYPE_EXTERNAL, "shop:17")),
                upsert(null, null, "Vic again")
                        .addIdentifiers(identifier(IdentifierType.IDENTIFIER_TYPE_EXTERNAL, "shop:17")));
        String vic = io.rapport.relationship.api.Identifier.of(io.rapport.relationship.api.IdentifierType.EMAIL,
                "vic@example.com").newCustomerId();
        assertThat(first).containsExactly("up-una:CREATED", vic + ":CREATED", vic + ":UPDATED");

        Relationship una = awaitRelationship(TENANT, "up-una", 3);
        assertThat(una.getProfile().getFirstName()).isEqualTo("Una");
        assertThat(una.getProfile().getAttributesMap()).containsEntry("tier", "gold");
        assertThat(una.getConsentsList()).singleElement().satisfies(c -> {
            assertThat(c.getGranted()).isTrue();
            assertThat(c.getSource()).isEqualTo("crm-export");
        });
        assertThat(awaitRelationship(TENANT, vic, 4).getProfile().getFirstName()).isEqualTo("Vic again");

        // The same batch again changes nothing; one field more changes that field only.
        assertThat(upsertOutcomes(gold(upsert("up-una", "una@example.com", "Una")).addConsents(marketing)))
                .containsExactly("up-una:UNCHANGED");
        assertThat(upsertOutcomes(upsert(null, "UNA@example.com", null).setProfile(CustomerProfile.newBuilder()
                .setEmail("UNA@example.com").setLastName("Ulm").putAttributes("city", "Ulm"))))
                .containsExactly("up-una:UPDATED");
        una = awaitRelationship(TENANT, "up-una", 4);
        assertThat(una.getProfile().getLastName()).isEqualTo("Ulm");
        assertThat(una.getProfile().getAttributesMap()).containsEntry("tier", "gold").containsEntry("city", "Ulm");
        assertThat(timeline("up-una")).contains("TYPE_PROFILE_UPDATED");

        // Someone else's identifier: that customer alone is refused, with who holds it; the others are stored.
        List<String> conflicted = upsertOutcomes(upsert("up-wes", "una@example.com", "Wes"),
                upsert("up-xia", "xia@example.com", "Xia"),
                upsert(null, "una@example.com", null)
                        .addIdentifiers(identifier(IdentifierType.IDENTIFIER_TYPE_EXTERNAL, "shop:17")));
        assertThat(conflicted).containsExactly("up-wes:CONFLICT", "up-xia:CREATED", ":CONFLICT");
        UpsertCustomersResponse answer = client(TENANT).upsertCustomers(UpsertCustomersRequest.newBuilder()
                .addCustomers(upsert("up-wes", "una@example.com", "Wes")).build());
        assertThat(answer.getResults(0).getMessage()).contains("'up-una'");
        assertStatus(() -> client(TENANT).getRelationship(io.rapport.proto.relationship.v1.GetRelationshipRequest
                .newBuilder().setCustomerId("up-wes").build()), Status.Code.NOT_FOUND, "up-wes");

        // One invalid customer refuses the batch, naming each problem.
        assertStatus(() -> upsertOutcomes(upsert("up-yan", "not-an-address", null),
                        upsert(null, null, "Nobody"),
                        upsert("up-zed", null, null).addConsents(marketing.toBuilder().setSource("").setPurpose("Ads"))),
                Status.Code.INVALID_ARGUMENT, "customers[0].email");
        assertStatus(() -> upsertOutcomes(upsert(null, null, "Nobody")), Status.Code.INVALID_ARGUMENT,
                "customers[0].id: required unless");
        assertStatus(() -> upsertOutcomes(upsert("up-zed", null, null)
                        .addConsents(marketing.toBuilder().setSource("").setPurpose("Ads"))),
                Status.Code.INVALID_ARGUMENT, "customers[0].consents[0].source: required");
        assertStatus(() -> client(TENANT).upsertCustomers(UpsertCustomersRequest.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "at least one customer");
    }

    @Test
    void aMergedCustomersHistoryJoinsTheSurvivorsUntilTheMergeIsUndone() throws Exception {
        record(purchase("m-c1", 1, "5.00").setCustomerId("max"),
                purchase("m-a1", 1, "5.00").setCustomerId("mia"),
                purchase("m-b1", 2, "10.00").setCustomerId("mia-old"),
                purchase("m-b2", 3, "10.00").setCustomerId("mia-old"));
        client(TENANT).linkIdentifier(LinkIdentifierRequest.newBuilder().setCustomerId("mia-old")
                .setIdentifier(identifier(IdentifierType.IDENTIFIER_TYPE_EXTERNAL, "shop:77")).build());
        awaitRelationship(TENANT, "mia-old", 4);

        client(TENANT).mergeCustomers(MergeCustomersRequest.newBuilder().setSurvivorCustomerId("mia")
                .setMergedCustomerId("mia-old").build());
        Relationship merged = awaitRelationship(TENANT, "mia", 3);
        assertThat(merged.getOrderCount()).isEqualTo(3);
        assertThat(merged.getSpendList().get(0).getAmount()).isEqualTo("25.00");
        assertThat(merged.getMergedCustomerIdsList()).containsExactly("mia-old");
        assertThat(merged.getIdentifiersList()).extracting(Identifier::getValue).contains("shop:77");
        assertThat(awaitRelationship(TENANT, "mia-old", 5).getMergedIntoCustomerId()).isEqualTo("mia");
        assertThat(timeline("mia")).contains("TYPE_MERGED:mia-old", "mia-old:m-b1", "mia-old:m-b2", "mia:m-a1");

        // Whatever is recorded for the merged customer later joins the survivor's view too.
        record(purchase("m-b3", 4, "1.00").setCustomerIdentifier(
                identifier(IdentifierType.IDENTIFIER_TYPE_EXTERNAL, "shop:77")));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> storedView(TENANT, "mia").get("orderCount", Number.class).longValue() == 4);
        assertThat(awaitRelationship(TENANT, "mia", 3).getOrderCount()).isEqualTo(4);

        // A full rebuild folds the merged histories the same way.
        rebuilder.rebuildInto("identity_rebuilt", done -> { }, (event, e) -> { });
        Document live = database.getCollection(activeViews.collection()).find(new Document("_id", "identity/mia")).first();
        Document rebuilt = database.getCollection("identity_rebuilt").find(new Document("_id", "identity/mia")).first();
        assertThat(rebuilt.get("spend")).isEqualTo(live.get("spend"));
        assertThat(rebuilt.get("orderCount")).isEqualTo(live.get("orderCount"));

        assertStatus(() -> client(TENANT).mergeCustomers(MergeCustomersRequest.newBuilder()
                .setSurvivorCustomerId("max").setMergedCustomerId("mia-old").build()),
                Status.Code.FAILED_PRECONDITION, "already merged into 'mia'");
        assertStatus(() -> client(TENANT).mergeCustomers(MergeCustomersRequest.newBuilder()
                .setSurvivorCustomerId("mia").setMergedCustomerId("mia").build()),
                Status.Code.INVALID_ARGUMENT, "itself");
        assertStatus(() -> client(TENANT).mergeCustomers(MergeCustomersRequest.newBuilder()
                .setSurvivorCustomerId("mia").setMergedCustomerId("nobody-at-all").build()),
                Status.Code.NOT_FOUND, "");

        client(TENANT).unmergeCustomers(UnmergeCustomersRequest.newBuilder().setSurvivorCustomerId("mia")
                .setMergedCustomerId("mia-old").build());
        Relationship apart = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> awaitRelationship(TENANT, "mia", 4), mia -> mia.getMergedCustomerIdsCount() == 0);
        assertThat(apart.getOrderCount()).isEqualTo(1);
        assertThat(apart.getSpendList().get(0).getAmount()).isEqualTo("5.00");
        assertThat(apart.getIdentifiersList()).extracting(Identifier::getValue).doesNotContain("shop:77");
        Relationship old = awaitRelationship(TENANT, "mia-old", 7);
        assertThat(old.getVersion()).isEqualTo(7);
        assertThat(old.getOrderCount()).isEqualTo(3);
        assertThat(old.getMergedIntoCustomerId()).isEmpty();
        assertThat(timeline("mia")).contains("TYPE_MERGED:mia-old", "TYPE_UNMERGED:mia-old", "mia:m-a1")
                .noneMatch(entry -> entry.startsWith("mia-old:"));
    }
}
