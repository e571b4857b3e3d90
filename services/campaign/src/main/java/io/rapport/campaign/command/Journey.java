package io.rapport.campaign.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.campaign.api.ActivateJourneyCommand;
import io.rapport.campaign.api.CreateJourneyCommand;
import io.rapport.campaign.api.JourneyActivatedEvent;
import io.rapport.campaign.api.JourneyCreatedEvent;
import io.rapport.campaign.api.JourneyDefinition;
import io.rapport.campaign.api.JourneyStoppedEvent;
import io.rapport.campaign.api.JourneyUpdatedEvent;
import io.rapport.campaign.api.StopJourneyCommand;
import io.rapport.campaign.api.UpdateJourneyCommand;
import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A journey's definition and lifecycle: draft → active → stopped. Only a draft may be changed: people in an active
 * journey are on its steps.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Journey {

    @AggregateIdentifier
    private String journeyId;
    private String tenant;
    private JourneyDefinition definition;
    private String status;

    protected Journey() {
        // for Axon
    }

    @CommandHandler
    public Journey(CreateJourneyCommand command) {
        apply(new JourneyCreatedEvent(command.journeyId(), command.tenant(), command.definition(), Instant.now()));
    }

    @CommandHandler
    public void handle(UpdateJourneyCommand command) {
        if (!"DRAFT".equals(status)) {
            throw refused("changed");
        }
        if (!command.definition().equals(definition)) {
            apply(new JourneyUpdatedEvent(journeyId, tenant, command.definition(), Instant.now()));
        }
    }

    @CommandHandler
    public void handle(ActivateJourneyCommand command) {
        if ("ACTIVE".equals(status)) {
            return;
        }
        if (!"DRAFT".equals(status)) {
            throw refused("activated");
        }
        apply(new JourneyActivatedEvent(journeyId, tenant, Instant.now()));
    }

    @CommandHandler
    public void handle(StopJourneyCommand command) {
        if ("DRAFT".equals(status)) {
            throw refused("stopped");
        }
        if ("ACTIVE".equals(status)) {
            apply(new JourneyStoppedEvent(journeyId, tenant, Instant.now()));
        }
    }

    private RequestRejectedException refused(String what) {
        return RequestRejectedException.failedPrecondition("journey '" + journeyId.substring(tenant.length() + 1)
                + "' is " + status.toLowerCase(Locale.ROOT) + ": it cannot be " + what);
    }

    @EventSourcingHandler
    void on(JourneyCreatedEvent event) {
        journeyId = event.journeyId();
        tenant = event.tenant();
        definition = event.definition();
        status = "DRAFT";
    }

    @EventSourcingHandler
    void on(JourneyUpdatedEvent event) {
        definition = event.definition();
    }

    @EventSourcingHandler
    void on(JourneyActivatedEvent event) {
        status = "ACTIVE";
    }

    @EventSourcingHandler
    void on(JourneyStoppedEvent event) {
        status = "STOPPED";
    }
}
