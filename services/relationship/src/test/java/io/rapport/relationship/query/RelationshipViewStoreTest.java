package io.rapport.relationship.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.rapport.platform.mongo.EmbeddedMongoServer;
import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRecordedEvent;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The views and the purchase days kept beside them, on the embedded server. */
class RelationshipViewStoreTest {

    private static final Instant RECORDED = Instant.parse("2026-01-01T00:00:00Z");

    private EmbeddedMongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private RelationshipViewStore store;

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.inMemory();
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("views");
        store = new RelationshipViewStore(database, "views");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static InteractionRecordedEvent purchase(String customer, String id, String day, String amount) {
        return new InteractionRecordedEvent("acme/" + customer, "acme", customer, new Interaction(id, Channel.STORE,
                Direction.INBOUND, InteractionKind.PURCHASE, Instant.parse(day + "T10:00:00Z"),
                amount == null ? null : new BigDecimal(amount), amount == null ? null : "EUR", null, null, null, null,
                List.of(), null));
    }

    private static RelationshipState registered(String customer) {
        RelationshipState state = new RelationshipState("acme/" + customer);
        state.apply(new CustomerRegisteredEvent("acme/" + customer, "acme", customer, CustomerProfile.empty(), false),
                0, RECORDED);
        return state;
    }

    private static long day(String day) {
        return LocalDate.parse(day).toEpochDay();
    }

    private RelationshipState read(String customer) {
        RelationshipState state = store.find("acme/" + customer);
        store.attachPurchaseDays(state);
        return state;
    }

    @Test
    void purchaseDaysAreKeptBesideTheViewOneDocumentADayAndReadBackWithIt() {
        RelationshipState ada = registered("ada");
        ada.apply(purchase("ada", "o1", "2026-02-01", "10.00"), 1, RECORDED);
        ada.apply(purchase("ada", "o2", "2026-02-01", "5.00"), 2, RECORDED);
        ada.apply(purchase("ada", "o3", "1901-03-04", null), 3, RECORDED);
        store.save(List.of(ada));

        assertThat(database.getCollection("views").find().first()).doesNotContainKey("purchaseDays");
        assertThat(database.getCollection("views_days").countDocuments()).isEqualTo(2);
        assertThat(store.find("acme/ada")).satisfies(unread -> assertThatThrownBy(unread::purchaseDays)
                .isInstanceOf(IllegalStateException.class));
        assertThat(read("ada").purchaseDays()).containsExactly(
                new RelationshipState.PurchaseDay(day("1901-03-04"), Map.of()),
                new RelationshipState.PurchaseDay(day("2026-02-01"), Map.of("EUR", 15.0)));

        RelationshipState later = store.find("acme/ada");
        later.apply(purchase("ada", "o4", "2026-02-01", "1.50"), 4, RECORDED);
        store.save(List.of(later));
        assertThat(read("ada").purchaseDays()).last()
                .isEqualTo(new RelationshipState.PurchaseDay(day("2026-02-01"), Map.of("EUR", 16.5)));
    }

    @Test
    void aBatchFoldedAgainAfterItsDaysWereWrittenAddsNothingTwice() {
        store.save(List.of(registered("bo")));
        RelationshipState first = store.find("acme/bo");
        first.apply(purchase("bo", "o1", "2026-02-01", "10.00"), 1, RECORDED);
        first.apply(purchase("bo", "o2", "2026-02-02", "20.00"), 2, RECORDED);
        store.save(List.of(first));
        // As if the days were written and the view was not (a crash in between): the batch is folded again, and more.
        database.getCollection("views").replaceOne(new Document("_id", "acme/bo"), registered("bo").toDocument());

        RelationshipState again = store.find("acme/bo");
        again.apply(purchase("bo", "o1", "2026-02-01", "10.00"), 1, RECORDED);
        again.apply(purchase("bo", "o2", "2026-02-02", "20.00"), 2, RECORDED);
        again.apply(purchase("bo", "o3", "2026-02-02", "7.00"), 3, RECORDED);
        RelationshipState beforeSave = store.find("acme/bo");
        beforeSave.apply(purchase("bo", "o1", "2026-02-01", "10.00"), 1, RECORDED);
        store.attachPurchaseDays(beforeSave);
        assertThat(beforeSave.purchaseDays()).as("a read of the unsaved fold counts the stored day once")
                .containsExactly(new RelationshipState.PurchaseDay(day("2026-02-01"), Map.of("EUR", 10.0)),
                        new RelationshipState.PurchaseDay(day("2026-02-02"), Map.of("EUR", 20.0)));
        store.save(List.of(again));

        assertThat(read("bo").purchaseDays()).containsExactly(
                new RelationshipState.PurchaseDay(day("2026-02-01"), Map.of("EUR", 10.0)),
                new RelationshipState.PurchaseDay(day("2026-02-02"), Map.of("EUR", 27.0)));
    }

    @Test
    void aSurvivorReadsItsMergedCustomersDaysWithItsOwnAndAPageReadsEachViewsOwn() {
        RelationshipState mia = registered("mia");
        mia.apply(purchase("mia", "m1", "2026-01-10", "5.00"), 1, RECORDED);
        mia.apply(new CustomersMergedEvent("acme/mia", "acme", "mia", "mia", "mia-old", RECORDED), 2, RECORDED);
        RelationshipState old = registered("mia-old");
        old.apply(purchase("mia-old", "b1", "2026-01-10", "2.00"), 1, RECORDED);
        old.apply(purchase("mia-old", "b2", "2026-01-11", "3.00"), 2, RECORDED);
        RelationshipState mi = registered("mi");
        mi.apply(purchase("mi", "x1", "2026-03-01", "9.00"), 1, RECORDED);
        store.save(List.of(mia, old, mi));

        List<String> read = new ArrayList<>();
        store.whileInTenant("acme", null, 0, false, true, state -> {
            read.add(state.customerId() + " " + state.purchaseDays());
            return true;
        });
        assertThat(read).containsExactly(
                "mi [PurchaseDay[epochDay=" + day("2026-03-01") + ", value={EUR=9.0}]]",
                "mia [PurchaseDay[epochDay=" + day("2026-01-10") + ", value={EUR=7.0}], PurchaseDay[epochDay="
                        + day("2026-01-11") + ", value={EUR=3.0}]]",
                "mia-old [PurchaseDay[epochDay=" + day("2026-01-10") + ", value={EUR=2.0}], PurchaseDay[epochDay="
                        + day("2026-01-11") + ", value={EUR=3.0}]]");
    }

    @Test
    void onTheFileBackedStoreViewsAndDaysAreReadByKeyOnly(@TempDir Path directory) {
        try (EmbeddedMongoServer file = EmbeddedMongoServer.fileBacked(directory);
             MongoClient fileClient = MongoClients.create(file.connectionString())) {
            MongoDatabase onFile = fileClient.getDatabase("shape");
            RelationshipViewStore views = new RelationshipViewStore(onFile, "views");
            List<RelationshipState> states = new ArrayList<>();
            for (String customer : List.of("a", "b", "c")) {
                RelationshipState state = registered(customer);
                state.apply(purchase(customer, customer + "1", "2026-02-01", "1.00"), 1, RECORDED);
                states.add(state);
            }
            views.save(states);
            RelationshipState b = views.find("acme/b");
            b.apply(purchase("b", "b2", "2026-02-02", "2.00"), 2, RECORDED);
            views.save(List.of(b));
            views.attachPurchaseDays(views.find("acme/b"));
            views.whileInTenant("acme", null, 2, false, true, state -> true);
            views.forEachInTenant("acme", state -> { });

            assertThat(file.collectionScans()).as("collections read whole")
                    .containsKeys("shape.views", "shape.views_days")
                    .allSatisfy((collection, scans) -> assertThat(scans).as(collection)
                            .isEqualTo(collection.startsWith("shape.system.") ? scans : 0L));
        }
    }

    @Test
    void aViewWrittenWithItsDaysInsideMovesThemOutWhenNextSaved() {
        Document legacy = registered("lee").toDocument().append("lastSequence", 7L).append("purchaseDays", List.of(
                new Document("d", day("2025-05-05")).append("v", new Document("EUR", 12.5).append("USD", 1.0)),
                new Document("d", day("2025-06-06")).append("v", new Document())));
        database.getCollection("views").insertOne(legacy);

        assertThat(read("lee").purchaseDays()).as("read before it is moved").containsExactly(
                new RelationshipState.PurchaseDay(day("2025-05-05"), Map.of("EUR", 12.5, "USD", 1.0)),
                new RelationshipState.PurchaseDay(day("2025-06-06"), Map.of()));
        RelationshipState lee = store.find("acme/lee");
        lee.apply(purchase("lee", "l8", "2025-05-05", "0.50"), 8, RECORDED);
        store.save(List.of(lee));

        assertThat(database.getCollection("views").find().first()).doesNotContainKey("purchaseDays");
        assertThat(read("lee").purchaseDays()).containsExactly(
                new RelationshipState.PurchaseDay(day("2025-05-05"), Map.of("EUR", 13.0, "USD", 1.0)),
                new RelationshipState.PurchaseDay(day("2025-06-06"), Map.of()));
    }
}
