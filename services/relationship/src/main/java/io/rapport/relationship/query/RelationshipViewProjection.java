package io.rapport.relationship.query;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.mongodb.client.MongoDatabase;
import io.rapport.relationship.api.FindRelationshipQuery;
import io.rapport.relationship.api.PurchaseModelFit;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.RelationshipView;
import io.rapport.relationship.api.RelationshipViews;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The 360° relationship view, kept by a tracking processor. Events of a processor batch are folded together and
 * written in one bulk write when the batch's last event has been handled, before Axon stores the token: a crash
 * in between replays the batch, which the views absorb (each remembers the last sequence it folded in).
 */
@Component
@ProcessingGroup(RelationshipViewProjection.PROCESSING_GROUP)
public class RelationshipViewProjection implements MessageHandlerInterceptor<EventMessage<?>>, RelationshipViews {

    public static final String PROCESSING_GROUP = "relationship-views";
    private static final String BATCH = RelationshipViewProjection.class.getName() + ".batch";

    private final Supplier<RelationshipViewStore> store;
    private final MergedHistory.EventsFrom events;
    private final PurchaseModelFits models;
    private final Clock clock;

    @Autowired
    public RelationshipViewProjection(ActiveViews views, ObjectProvider<EventStore> eventStore,
                                      PurchaseModelFits models) {
        // The event store is built by Axon after its processors, this one included: looked up when first used.
        this(views::store, MergedHistory.eventsFrom(eventStore::getObject), models, Clock.systemUTC());
    }

    /**
     * Keeps the views in {@code collection}: the benchmark builds several side by side (merges, which it does
     * not make, would need the store's streams).
     */
    public RelationshipViewProjection(MongoDatabase database, String collection) {
        this(fixed(database, collection), (id, first) -> Collections.emptyIterator(),
                new PurchaseModelFits(fixed(database, collection), database, Clock.systemUTC()), Clock.systemUTC());
    }

    private RelationshipViewProjection(Supplier<RelationshipViewStore> store,
                                       MergedHistory.EventsFrom events,
                                       PurchaseModelFits models, Clock clock) {
        this.store = store;
        this.events = events;
        this.models = models;
        this.clock = clock;
    }

    /** Drops views kept in {@code collection}, with what is kept beside them. */
    public static void drop(MongoDatabase database, String collection) {
        new RelationshipViewStore(database, collection).dropCollection();
    }

    private static Supplier<RelationshipViewStore> fixed(MongoDatabase database, String collection) {
        RelationshipViewStore store = new RelationshipViewStore(database, collection);
        return () -> store;
    }

    /** Every event of the service is about one relationship: each is folded into its view. */
    @EventHandler
    void on(Object event, DomainEventMessage<?> message) {
        batch().add(message.getAggregateIdentifier(), event, message.getSequenceNumber(), message.getTimestamp());
    }

    /** A replay starts from nothing: views remember what they folded in and would otherwise skip every event. */
    @ResetHandler
    void onReset() {
        store.get().drop();
    }

    @QueryHandler
    RelationshipView handle(FindRelationshipQuery query) {
        RelationshipState stored = store.get().find(query.relationshipId());
        RelationshipState state = caughtUp(query.relationshipId(), stored);
        if (state == null) {
            return null;
        }
        Instant now = clock.instant();
        PurchaseModelFit fit = models.latest(state.tenant());
        if (fit != null && state == stored) {
            store.get().attachPurchaseDays(state); // for the prediction; a state folded here has them already
        }
        return state.toView(now, PurchaseModelFits.hourPattern(fit))
                .withPrediction(PurchaseModelFits.predict(fit, state, now, query.horizonDays()));
    }

    /**
     * Read your writes: the stored view with the customer's own events it has not folded yet, read by key from the
     * store. The projection runs a batch behind the commands, and a caller that has just registered a customer or
     * linked an address (and then sends them a message) must see it. A merge among them folds the whole relationship
     * again, as the projection would; an event no view can hold is left out, as the projection sets it aside. Events
     * of a merged-away customer reach their survivor's view through the projection only. Null if never registered.
     */
    private RelationshipState caughtUp(String relationshipId, RelationshipState stored) {
        RelationshipState state = stored == null ? new RelationshipState(relationshipId) : stored;
        Iterator<? extends DomainEventMessage<?>> newer = events.read(relationshipId, state.lastSequence() + 1);
        while (newer.hasNext()) {
            DomainEventMessage<?> event = newer.next();
            if (MergedHistory.changesMerges(event.getPayload())) {
                String tenant = relationshipId.substring(0, relationshipId.indexOf('/'));
                return MergedHistory.fold(relationshipId, tenant, events.all(), everything -> true);
            }
            try {
                state.apply(event.getPayload(), event.getSequenceNumber(), event.getTimestamp());
            } catch (IllegalArgumentException unfoldable) {
                // A dead letter of the projection: its view goes on without it.
            }
        }
        return state.tenant() == null ? null : state;
    }

    @Override
    public void forEach(String tenant, String afterCustomerId, int batch, int horizonDays, boolean recentInteractions,
                        Predicate<RelationshipView> each) {
        Instant now = clock.instant();
        PurchaseModelFit fit = models.latest(tenant);
        double[] hours = PurchaseModelFits.hourPattern(fit);
        String after = afterCustomerId == null ? null : RelationshipIds.of(tenant, afterCustomerId);
        // The purchase days serve the predictions only: not read without a fit to predict with.
        store.get().whileInTenant(tenant, after, batch, recentInteractions, fit != null, state -> {
            RelationshipView view = state.toView(now, hours);
            if (view.erased() || view.mergedInto() != null) {
                return true;
            }
            return each.test(view.withPrediction(PurchaseModelFits.predict(fit, state, now, horizonDays)));
        });
    }

    private ViewBatch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            ViewBatch batch = new ViewBatch(store.get(), events.all());
            if (!(root instanceof BatchingUnitOfWork<?>)) {
                // A dead letter retried is handled in a unit of work of its own, maybe without this interceptor.
                root.onPrepareCommit(work -> batch.flush());
            }
            return batch;
        });
    }

    /**
     * Loads the views a processor batch touches with its first event, and saves them after its last, whatever their
     * types; an event handled alone (a dead letter retried) is saved at once.
     */
    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batching && batching.isFirstMessage()) {
            batch().preload(batching.getMessages().stream().filter(DomainEventMessage.class::isInstance)
                    .map(message -> ((DomainEventMessage<?>) message).getAggregateIdentifier()).toList());
        }
        Object result = chain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batching) || batching.isLastMessage()) {
            ViewBatch batch = unitOfWork.root().getResource(BATCH);
            if (batch != null) {
                batch.flush();
            }
        }
        return result;
    }
}
