package io.rapport.campaign.membership;

import io.rapport.campaign.api.SegmentChangedEvent;
import io.rapport.campaign.api.SegmentDefinedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** A defined segment, or a changed one, has its membership worked out afresh (by {@link MembershipWork}). */
@ProcessingGroup(MembershipTriggers.PROCESSING_GROUP)
public class MembershipTriggers {

    public static final String PROCESSING_GROUP = "segment-membership";

    private final MembershipWork work;

    public MembershipTriggers(MembershipWork work) {
        this.work = work;
    }

    @EventHandler
    void on(SegmentDefinedEvent event) {
        work.requestBackfill(event.tenant(), event.segmentId());
    }

    @EventHandler
    void on(SegmentChangedEvent event) {
        work.requestBackfill(event.tenant(), event.segmentId());
    }
}
