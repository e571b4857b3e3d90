package io.rapport.campaign.config;

import java.time.Duration;

import com.mongodb.client.MongoDatabase;
import io.rapport.campaign.membership.MembershipKeeper;
import io.rapport.campaign.membership.MembershipTriggers;
import io.rapport.campaign.membership.MembershipWork;
import io.rapport.campaign.membership.RelationshipCalls;
import io.rapport.campaign.membership.SegmentEvaluation;
import io.rapport.campaign.membership.SegmentMembers;
import io.rapport.campaign.query.SegmentProjection;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

/** The campaign service's parts. */
@Configuration
public class CampaignConfiguration {

    @Bean
    public RelationshipCalls relationshipCalls(GrpcChannelFactory channels) {
        return new RelationshipCalls(RelationshipServiceGrpc.newBlockingStub(channels.createChannel("relationship")));
    }

    @Bean
    public SegmentEvaluation segmentEvaluation(RelationshipCalls relationships) {
        return new SegmentEvaluation(relationships);
    }

    @Bean
    public SegmentProjection segmentProjection(MongoDatabase database) {
        return new SegmentProjection(database);
    }

    @Bean
    public SegmentMembers segmentMembers(MongoDatabase database) {
        return new SegmentMembers(database);
    }

    @Bean
    public MembershipWork membershipWork(SegmentMembers members, RelationshipCalls relationships,
                                         CommandGateway commands, SegmentProjection segments, MongoDatabase database,
                                         @Value("${rapport.segments.reevaluate-interval}") Duration reevaluateEvery) {
        return new MembershipWork(new MembershipKeeper(members, relationships, commands), segments, relationships,
                database, reevaluateEvery);
    }

    @Bean
    public MembershipTriggers membershipTriggers(MembershipWork work) {
        return new MembershipTriggers(work);
    }

    /** A segment records every membership change: a snapshot now and then keeps loading it quick. */
    @Bean
    public SnapshotTriggerDefinition segmentSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }

    /**
     * Segments read back as soon as they are defined (their list is kept in the defining unit of work); a failed
     * backfill request stops its processor, which retries, rather than skipping the segment.
     */
    @Bean
    public ConfigurerModule segmentProcessing() {
        return configurer -> {
            configurer.eventProcessing().registerSubscribingEventProcessor(SegmentProjection.PROCESSING_GROUP);
            configurer.eventProcessing().registerListenerInvocationErrorHandler(MembershipTriggers.PROCESSING_GROUP,
                    c -> PropagatingErrorHandler.instance());
        };
    }
}
