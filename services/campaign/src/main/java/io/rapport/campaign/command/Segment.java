package io.rapport.campaign.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.rapport.campaign.api.ChangeSegmentCommand;
import io.rapport.campaign.api.DefineSegmentCommand;
import io.rapport.campaign.api.RecordMembershipCommand;
import io.rapport.campaign.api.SegmentChangedEvent;
import io.rapport.campaign.api.SegmentDefinedEvent;
import io.rapport.campaign.api.SegmentMembershipChangedEvent;
import io.rapport.campaign.rules.SegmentRule;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A segment: a name and a rule over relationship attributes. The rule is read before anything is recorded, so a
 * segment's rule always reads; a rule that does not is refused with the position and cause of the problem.
 */
@Aggregate(snapshotTriggerDefinition = "segmentSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Segment {

    @AggregateIdentifier
    private String segmentId;
    private String tenant;
    private String name;
    private String rule;

    protected Segment() {
        // for Axon
    }

    @CommandHandler
    public Segment(DefineSegmentCommand command) {
        SegmentRule.parse(command.rule());
        apply(new SegmentDefinedEvent(command.segmentId(), command.tenant(), command.name(), command.rule(),
                Instant.now()));
    }

    @CommandHandler
    public void handle(ChangeSegmentCommand command) {
        String newName = command.name() == null ? name : command.name();
        String newRule = command.rule() == null ? rule : command.rule();
        if (command.rule() != null) {
            SegmentRule.parse(newRule);
        }
        if (newName.equals(name) && newRule.equals(rule)) {
            return;
        }
        apply(new SegmentChangedEvent(segmentId, tenant, newName, newRule, Instant.now()));
    }

    /** Membership is kept beside the segment; the segment records who came and went. */
    @CommandHandler
    public void handle(RecordMembershipCommand command) {
        if (command.entered().isEmpty() && command.left().isEmpty()) {
            return;
        }
        apply(new SegmentMembershipChangedEvent(segmentId, tenant, command.entered(), command.left(), Instant.now()));
    }

    @EventSourcingHandler
    void on(SegmentDefinedEvent event) {
        segmentId = event.segmentId();
        tenant = event.tenant();
        name = event.name();
        rule = event.rule();
    }

    @EventSourcingHandler
    void on(SegmentChangedEvent event) {
        name = event.name();
        rule = event.rule();
    }
}
