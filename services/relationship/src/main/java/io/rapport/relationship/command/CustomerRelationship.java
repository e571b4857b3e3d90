package io.rapport.relationship.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.platform.crypto.Digests;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.privacy.SubjectKeys;
import io.rapport.relationship.api.ChangeConsentCommand;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerProfileUpdatedEvent;
import io.rapport.relationship.api.CustomerRules;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.CustomersUnmergedEvent;
import io.rapport.relationship.api.ForgetCustomerCommand;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.IdentifierLinkedEvent;
import io.rapport.relationship.api.LinkIdentifierCommand;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionOutcome;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RegisterCustomerCommand;
import io.rapport.relationship.api.UpsertCustomerCommand;
import io.rapport.relationship.intelligence.Vader;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One customer's relationship with a workspace: everything that happened between them, as events.
 * Snapshotted (fields visible to Jackson) so that customers with long histories load fast, and cached so that
 * a customer's next command does not reload them at all.
 */
@Aggregate(snapshotTriggerDefinition = "relationshipSnapshotTrigger", cache = "relationshipCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class CustomerRelationship {

    /** The purpose an unsubscribe withdraws consent for. */
    public static final String MARKETING = "marketing";
    /** How many of a customer's latest interaction ids their aggregate holds. */
    static final int RECENT_EVENT_IDS = 10_000;

    @AggregateIdentifier
    private String relationshipId;
    /**
     * The event ids of the customer's latest interactions, oldest first, to refuse a duplicate: at most
     * {@link #RECENT_EVENT_IDS}, the older ones in {@link OlderEventIds}, so that the aggregate and its snapshots stay
     * bounded however long the customer's history.
     */
    private LinkedHashSet<String> recordedEventIds = new LinkedHashSet<>();
    /** Current consent per "CHANNEL/purpose". */
    private Map<String, Boolean> consents = new HashMap<>();
    private boolean forgotten;
    private String tenant;
    private String customerId;
    /** Digests of the identifiers the customer holds (the values themselves are sealed in the events). */
    private Set<String> identifiers = new HashSet<>();
    /** The customer this one was merged into, if any. */
    private String mergedInto;
    /** Customers merged into this one. */
    private Set<String> merged = new HashSet<>();
    /**
     * A digest of each profile field held (attributes as "attributes.NAME"), salted with the relationship's id: what
     * tells an upsert that changes nothing from one that changes something, without keeping the values readable.
     */
    private Map<String, String> profileDigests = new HashMap<>();

    protected CustomerRelationship() {
        // for Axon and for snapshots
    }

    /** Registers the customer with their identifiers: the profile's e-mail and phone and any given. */
    @CommandHandler
    public CustomerRelationship(RegisterCustomerCommand command, IdentityRegistry registry) {
        CustomerProfile profile = command.profile() == null ? CustomerProfile.empty() : command.profile();
        apply(new CustomerRegisteredEvent(command.relationshipId(), command.tenant(), command.customerId(), profile,
                false));
        CustomerRules.identifiersOf(profile, command.identifiers()).forEach(identifier -> link(
                command.relationshipId(), command.tenant(), command.customerId(), identifier, registry));
    }

    /**
     * Registers the customer if they are new; otherwise records what of the profile is different, links the
     * identifiers they do not hold yet and records each consent that changes their consent. All or nothing: an
     * identifier another customer holds refuses the whole command (ALREADY_EXISTS).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public UpsertCustomerCommand.Outcome handle(UpsertCustomerCommand command, IdentityRegistry registry) {
        boolean created = relationshipId == null;
        boolean changed = false;
        if (created) {
            apply(new CustomerRegisteredEvent(command.relationshipId(), command.tenant(), command.customerId(),
                    command.profile(), false));
        } else if (forgotten) {
            return UpsertCustomerCommand.Outcome.ERASED;
        } else {
            Map<String, String> differing = new LinkedHashMap<>();
            command.profile().fields().forEach((name, value) -> {
                if (!profileDigest(name, value).equals(profileDigests.get(name))) {
                    differing.put(name, value);
                }
            });
            if (!differing.isEmpty()) {
                apply(new CustomerProfileUpdatedEvent(relationshipId, tenant, customerId,
                        CustomerProfile.ofFields(differing)));
                changed = true;
            }
        }
        for (Identifier identifier : CustomerRules.identifiersOf(command.profile(), command.identifiers())) {
            if (!identifiers.contains(identifier.digest())) {
                link(relationshipId, tenant, customerId, identifier, registry);
                changed = true;
            }
        }
        for (CustomerUpsert.Consent consent : command.consents()) {
            if (!Boolean.valueOf(consent.granted()).equals(consents.get(consent.channel() + "/" + consent.purpose()))) {
                apply(new ConsentChangedEvent(relationshipId, tenant, customerId, consent.channel(), consent.purpose(),
                        consent.granted(), consent.source(), consent.at()));
                changed = true;
            }
        }
        return created ? UpsertCustomerCommand.Outcome.CREATED
                : changed ? UpsertCustomerCommand.Outcome.UPDATED : UpsertCustomerCommand.Outcome.UNCHANGED;
    }

    private String profileDigest(String field, String value) {
        return Digests.sha256Hex(relationshipId + "|" + field + "|" + value).substring(0, 32);
    }

    private void holdProfile(CustomerProfile profile) {
        profile.fields().forEach((name, value) -> profileDigests.put(name, profileDigest(name, value)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<InteractionOutcome> handle(RecordInteractionsCommand command, Vader vader, IdentityRegistry registry,
                                           OlderEventIds olderIds) {
        if (relationshipId == null) {
            apply(new CustomerRegisteredEvent(command.relationshipId(), command.tenant(), command.customerId(),
                    CustomerProfile.empty(), true));
            if (command.identifiedBy() != null) {
                link(command.relationshipId(), command.tenant(), command.customerId(), command.identifiedBy(), registry);
            }
        }
        // Ids that left the recent ones are looked up only once some may have: one lookup for the whole command.
        Set<String> older = recordedEventIds.size() < RECENT_EVENT_IDS || forgotten ? Set.of()
                : olderIds.held(command.relationshipId(), command.interactions().stream().map(Interaction::eventId)
                        .filter(id -> !recordedEventIds.contains(id)).toList());
        holdIdsAboutToLeave(olderIds, command.interactions().size());
        List<InteractionOutcome> outcomes = new ArrayList<>(command.interactions().size());
        for (Interaction interaction : command.interactions()) {
            if (forgotten) {
                outcomes.add(InteractionOutcome.ERASED);
            } else if (recordedEventIds.contains(interaction.eventId()) || older.contains(interaction.eventId())) {
                outcomes.add(InteractionOutcome.DUPLICATE);
            } else {
                // Read once, when recorded: a later lexicon must not silently rewrite what the customer felt.
                Interaction recorded = interaction.carriesInboundText()
                        ? interaction.withSentiment(vader.score(interaction.content())) : interaction;
                apply(new InteractionRecordedEvent(command.relationshipId(), command.tenant(), command.customerId(),
                        recorded));
                if (interaction.kind() == InteractionKind.UNSUBSCRIBE) {
                    withdrawMarketingConsent(command, interaction);
                }
                outcomes.add(InteractionOutcome.RECORDED);
            }
        }
        return outcomes;
    }

    /**
     * Hands {@link OlderEventIds} the oldest ids that recording {@code interactions} more would push out of the
     * recent ones, before they leave: all of events stored before this command (a command holds far fewer
     * interactions than the recent ids), so that a command that then fails leaves only true ids there.
     */
    private void holdIdsAboutToLeave(OlderEventIds olderIds, int interactions) {
        int leaving = Math.min(recordedEventIds.size() + interactions - RECENT_EVENT_IDS, recordedEventIds.size());
        if (leaving <= 0) {
            return;
        }
        List<String> oldest = new ArrayList<>(leaving);
        Iterator<String> ids = recordedEventIds.iterator();
        while (oldest.size() < leaving) {
            oldest.add(ids.next());
        }
        olderIds.hold(relationshipId, oldest);
    }

    /**
     * An unsubscribe is the customer withdrawing marketing consent on that channel, from when they did it; the
     * ledger records it unless consent was already withdrawn.
     */
    private void withdrawMarketingConsent(RecordInteractionsCommand command, Interaction unsubscribe) {
        if (!Boolean.FALSE.equals(consents.get(unsubscribe.channel() + "/" + MARKETING))) {
            apply(new ConsentChangedEvent(command.relationshipId(), command.tenant(), command.customerId(),
                    unsubscribe.channel(), MARKETING, false, "unsubscribe:" + unsubscribe.eventId(),
                    unsubscribe.occurredAt()));
        }
    }

    /**
     * Records a change of consent of a registered customer (an unknown id is a mistake to report, not a customer
     * to make up); asking for the consent state it already has changes nothing.
     */
    @CommandHandler
    public boolean handle(ChangeConsentCommand command) {
        refuseIfForgotten();
        String key = command.channel() + "/" + command.purpose();
        if (Boolean.valueOf(command.granted()).equals(consents.get(key))) {
            return false;
        }
        apply(new ConsentChangedEvent(command.relationshipId(), command.tenant(), command.customerId(),
                command.channel(), command.purpose(), command.granted(), command.source(), command.at()));
        return true;
    }

    @CommandHandler
    public boolean handle(LinkIdentifierCommand command, IdentityRegistry registry) {
        refuseIfForgotten();
        if (identifiers.contains(command.identifier().digest())) {
            return false;
        }
        link(relationshipId, tenant, customerId, command.identifier(), registry);
        return true;
    }

    /** Takes the ids as given: while the customer is being created, the fields are not set yet. */
    private static void link(String relationshipId, String tenant, String customerId, Identifier identifier,
                             IdentityRegistry registry) {
        registry.claim(tenant, identifier, customerId);
        apply(new IdentifierLinkedEvent(relationshipId, tenant, customerId, identifier));
    }

    private void refuseIfForgotten() {
        if (forgotten) {
            throw RequestRejectedException.failedPrecondition("customer '" + customerId
                    + "' was forgotten: nothing more is recorded about them");
        }
    }

    /** This customer absorbs {@code merged}'s history (see {@link CustomerMerging}). */
    void absorb(String mergedCustomerId, Instant at) {
        refuseIfForgotten();
        if (mergedInto != null) {
            throw RequestRejectedException.failedPrecondition("customer '" + customerId + "' was merged into '"
                    + mergedInto + "'; merge into that customer instead");
        }
        if (merged.contains(mergedCustomerId)) {
            throw RequestRejectedException.failedPrecondition("customer '" + mergedCustomerId
                    + "' is already merged into '" + customerId + "'");
        }
        apply(new CustomersMergedEvent(relationshipId, tenant, customerId, customerId, mergedCustomerId, at));
    }

    /** This customer's history now belongs to {@code survivor}'s relationship. */
    void mergeInto(String survivorCustomerId, Instant at) {
        refuseIfForgotten();
        if (mergedInto != null) {
            throw RequestRejectedException.failedPrecondition("customer '" + customerId + "' is already merged into '"
                    + mergedInto + "'");
        }
        if (!merged.isEmpty()) {
            throw RequestRejectedException.failedPrecondition("customers " + merged + " are merged into '"
                    + customerId + "'; unmerge them first or merge them into '" + survivorCustomerId + "' directly");
        }
        apply(new CustomersMergedEvent(relationshipId, tenant, customerId, survivorCustomerId, customerId, at));
    }

    void release(String mergedCustomerId, Instant at) {
        if (!merged.contains(mergedCustomerId)) {
            throw RequestRejectedException.failedPrecondition("customer '" + mergedCustomerId
                    + "' is not merged into '" + customerId + "'");
        }
        apply(new CustomersUnmergedEvent(relationshipId, tenant, customerId, customerId, mergedCustomerId, at));
    }

    void splitFrom(String survivorCustomerId, Instant at) {
        apply(new CustomersUnmergedEvent(relationshipId, tenant, customerId, survivorCustomerId, customerId, at));
    }

    /**
     * Forgets the customer: records that it happened, then destroys their key once that is stored, which makes
     * the personal data in all their events unreadable. Asking again changes nothing.
     */
    @CommandHandler
    public boolean handle(ForgetCustomerCommand command, SubjectKeys keys, IdentityRegistry registry) {
        if (forgotten) {
            return false;
        }
        if (!merged.isEmpty()) {
            throw RequestRejectedException.failedPrecondition("customers " + merged + " are merged into '"
                    + customerId + "' and are the same person: forget each of them too, first");
        }
        Set<String> held = Set.copyOf(identifiers);
        CurrentUnitOfWork.get().afterCommit(unitOfWork -> registry.release(tenant, held));
        apply(new CustomerForgottenEvent(command.relationshipId(), command.tenant(), command.customerId(),
                Instant.now()));
        CurrentUnitOfWork.get().afterCommit(unitOfWork -> keys.forget(command.relationshipId()));
        return true;
    }

    @EventSourcingHandler
    void on(CustomerForgottenEvent event) {
        forgotten = true;
        identifiers.clear();
        profileDigests.clear();
    }

    @EventSourcingHandler
    void on(CustomerProfileUpdatedEvent event) {
        holdProfile(event.changes());
    }

    @EventSourcingHandler
    void on(IdentifierLinkedEvent event) {
        // Unreadable once the customer was forgotten; they hold no identifiers any more then.
        if (event.identifier().value() != null) {
            identifiers.add(event.identifier().digest());
        }
    }

    @EventSourcingHandler
    void on(CustomersMergedEvent event) {
        if (event.customerId().equals(event.survivorCustomerId())) {
            merged.add(event.mergedCustomerId());
        } else {
            mergedInto = event.survivorCustomerId();
        }
    }

    @EventSourcingHandler
    void on(CustomersUnmergedEvent event) {
        if (event.customerId().equals(event.survivorCustomerId())) {
            merged.remove(event.mergedCustomerId());
        } else {
            mergedInto = null;
        }
    }

    @EventSourcingHandler
    void on(ConsentChangedEvent event) {
        consents.put(event.channel() + "/" + event.purpose(), event.granted());
    }

    @EventSourcingHandler
    void on(CustomerRegisteredEvent event) {
        relationshipId = event.relationshipId();
        tenant = event.tenant();
        customerId = event.customerId();
        holdProfile(event.profile());
    }

    @EventSourcingHandler
    void on(InteractionRecordedEvent event) {
        recordedEventIds.add(event.interaction().eventId());
        Iterator<String> oldest = recordedEventIds.iterator();
        while (recordedEventIds.size() > RECENT_EVENT_IDS) {
            oldest.next();
            oldest.remove();
        }
    }
}
