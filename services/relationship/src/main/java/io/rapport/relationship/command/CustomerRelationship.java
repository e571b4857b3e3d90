package io.rapport.relationship.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.platform.privacy.SubjectKeys;
import io.rapport.relationship.api.ChangeConsentCommand;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.ForgetCustomerCommand;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionOutcome;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RecordInteractionsCommand;
import io.rapport.relationship.api.RegisterCustomerCommand;
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

    @AggregateIdentifier
    private String relationshipId;
    private Set<String> recordedEventIds = new HashSet<>();
    /** Current consent per "CHANNEL/purpose". */
    private Map<String, Boolean> consents = new HashMap<>();
    private boolean forgotten;

    protected CustomerRelationship() {
        // for Axon and for snapshots
    }

    @CommandHandler
    public CustomerRelationship(RegisterCustomerCommand command) {
        apply(new CustomerRegisteredEvent(command.relationshipId(), command.tenant(), command.customerId(),
                command.profile() == null ? CustomerProfile.empty() : command.profile(), false));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<InteractionOutcome> handle(RecordInteractionsCommand command, Vader vader) {
        if (relationshipId == null) {
            apply(new CustomerRegisteredEvent(command.relationshipId(), command.tenant(), command.customerId(),
                    CustomerProfile.empty(), true));
        }
        List<InteractionOutcome> outcomes = new ArrayList<>(command.interactions().size());
        for (Interaction interaction : command.interactions()) {
            if (forgotten) {
                outcomes.add(InteractionOutcome.ERASED);
            } else if (recordedEventIds.contains(interaction.eventId())) {
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

    /** Records a change of consent; asking for the consent state it already has changes nothing. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public boolean handle(ChangeConsentCommand command) {
        if (relationshipId == null) {
            apply(new CustomerRegisteredEvent(command.relationshipId(), command.tenant(), command.customerId(),
                    CustomerProfile.empty(), true));
        }
        if (forgotten) {
            throw RequestRejectedException.failedPrecondition("customer '" + command.customerId()
                    + "' was forgotten: nothing more is recorded about them");
        }
        String key = command.channel() + "/" + command.purpose();
        if (Boolean.valueOf(command.granted()).equals(consents.get(key))) {
            return false;
        }
        apply(new ConsentChangedEvent(command.relationshipId(), command.tenant(), command.customerId(),
                command.channel(), command.purpose(), command.granted(), command.source(), command.at()));
        return true;
    }

    /**
     * Forgets the customer: records that it happened, then destroys their key once that is stored, which makes
     * the personal data in all their events unreadable. Asking again changes nothing.
     */
    @CommandHandler
    public boolean handle(ForgetCustomerCommand command, SubjectKeys keys) {
        if (forgotten) {
            return false;
        }
        apply(new CustomerForgottenEvent(command.relationshipId(), command.tenant(), command.customerId(),
                Instant.now()));
        CurrentUnitOfWork.get().afterCommit(unitOfWork -> keys.forget(command.relationshipId()));
        return true;
    }

    @EventSourcingHandler
    void on(CustomerForgottenEvent event) {
        forgotten = true;
    }

    @EventSourcingHandler
    void on(ConsentChangedEvent event) {
        consents.put(event.channel() + "/" + event.purpose(), event.granted());
    }

    @EventSourcingHandler
    void on(CustomerRegisteredEvent event) {
        relationshipId = event.relationshipId();
    }

    @EventSourcingHandler
    void on(InteractionRecordedEvent event) {
        recordedEventIds.add(event.interaction().eventId());
    }
}
