package io.rapport.campaign.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.campaign.api.CampaignAudienceFixedEvent;
import io.rapport.campaign.api.CampaignCancelledEvent;
import io.rapport.campaign.api.CampaignCompletedEvent;
import io.rapport.campaign.api.CampaignCreatedEvent;
import io.rapport.campaign.api.CampaignDefinition;
import io.rapport.campaign.api.CampaignScheduledEvent;
import io.rapport.campaign.api.CampaignStartedEvent;
import io.rapport.campaign.api.CampaignUpdatedEvent;
import io.rapport.campaign.api.CancelCampaignCommand;
import io.rapport.campaign.api.CompleteCampaignCommand;
import io.rapport.campaign.api.CreateCampaignCommand;
import io.rapport.campaign.api.FixAudienceCommand;
import io.rapport.campaign.api.Schedule;
import io.rapport.campaign.api.ScheduleCampaignCommand;
import io.rapport.campaign.api.StartCampaignCommand;
import io.rapport.campaign.api.UpdateCampaignCommand;
import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A one-off send to a segment: draft → scheduled → running → completed, or cancelled before it completes. Only a
 * draft or scheduled campaign may be changed: once it runs, people have its message.
 */
@Aggregate
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Campaign {

    /** Where a campaign stands. */
    public enum Status { DRAFT, SCHEDULED, RUNNING, COMPLETED, CANCELLED }

    @AggregateIdentifier
    private String campaignId;
    private String tenant;
    private CampaignDefinition definition;
    private Status status;
    private boolean audienceFixed;

    protected Campaign() {
        // for Axon
    }

    @CommandHandler
    public Campaign(CreateCampaignCommand command) {
        apply(new CampaignCreatedEvent(command.campaignId(), command.tenant(), command.definition(), Instant.now()));
    }

    @CommandHandler
    public void handle(UpdateCampaignCommand command) {
        if (status != Status.DRAFT && status != Status.SCHEDULED) {
            throw refused("changed");
        }
        if (!command.definition().equals(definition)) {
            apply(new CampaignUpdatedEvent(campaignId, tenant, command.definition(), Instant.now()));
        }
    }

    @CommandHandler
    public void handle(ScheduleCampaignCommand command) {
        if (status == Status.SCHEDULED) {
            return;
        }
        if (status != Status.DRAFT) {
            throw refused("scheduled");
        }
        Instant now = Instant.now();
        Schedule schedule = definition.schedule();
        Instant startAt = schedule.kind() == Schedule.Kind.NOW || schedule.sendAt().isBefore(now) ? now
                : schedule.sendAt();
        if (schedule.kind() == Schedule.Kind.BEST_HOUR && !schedule.windowEnd().isAfter(now)) {
            throw RequestRejectedException.failedPrecondition("campaign '" + publicId() + "': its best-hour window "
                    + "ended at " + schedule.windowEnd() + "; change the schedule first");
        }
        apply(new CampaignScheduledEvent(campaignId, tenant, startAt, now));
    }

    @CommandHandler
    public void handle(StartCampaignCommand command) {
        if (status == Status.SCHEDULED) {
            apply(new CampaignStartedEvent(campaignId, tenant, Instant.now()));
        }
    }

    @CommandHandler
    public void handle(FixAudienceCommand command) {
        if (status == Status.RUNNING && !audienceFixed) {
            apply(new CampaignAudienceFixedEvent(campaignId, tenant, command.audience(), command.control(),
                    command.millis(), Instant.now()));
        }
    }

    @CommandHandler
    public void handle(CompleteCampaignCommand command) {
        if (status == Status.RUNNING && audienceFixed) {
            apply(new CampaignCompletedEvent(campaignId, tenant, Instant.now()));
        }
    }

    @CommandHandler
    public void handle(CancelCampaignCommand command) {
        if (status == Status.CANCELLED) {
            return;
        }
        if (status == Status.COMPLETED) {
            throw refused("cancelled");
        }
        apply(new CampaignCancelledEvent(campaignId, tenant, command.reason(), Instant.now()));
    }

    private RequestRejectedException refused(String what) {
        return RequestRejectedException.failedPrecondition("campaign '" + publicId() + "' is "
                + status.name().toLowerCase(Locale.ROOT) + ": it cannot be " + what);
    }

    private String publicId() {
        return campaignId.substring(tenant.length() + 1);
    }

    @EventSourcingHandler
    void on(CampaignCreatedEvent event) {
        campaignId = event.campaignId();
        tenant = event.tenant();
        definition = event.definition();
        status = Status.DRAFT;
    }

    @EventSourcingHandler
    void on(CampaignUpdatedEvent event) {
        definition = event.definition();
    }

    @EventSourcingHandler
    void on(CampaignScheduledEvent event) {
        status = Status.SCHEDULED;
    }

    @EventSourcingHandler
    void on(CampaignStartedEvent event) {
        status = Status.RUNNING;
    }

    @EventSourcingHandler
    void on(CampaignAudienceFixedEvent event) {
        audienceFixed = true;
    }

    @EventSourcingHandler
    void on(CampaignCompletedEvent event) {
        status = Status.COMPLETED;
    }

    @EventSourcingHandler
    void on(CampaignCancelledEvent event) {
        status = Status.CANCELLED;
    }
}
