package io.rapport.campaign.config;

import java.time.Duration;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import io.rapport.campaign.delivery.MessagingCalls;
import io.rapport.campaign.delivery.Previews;
import io.rapport.campaign.fanout.CampaignRunner;
import io.rapport.campaign.journey.JourneyEntries;
import io.rapport.campaign.journey.JourneyOutcomes;
import io.rapport.campaign.journey.JourneyReports;
import io.rapport.campaign.journey.JourneyRunner;
import io.rapport.campaign.journey.JourneyRuns;
import io.rapport.campaign.membership.MembershipKeeper;
import io.rapport.campaign.membership.MembershipTriggers;
import io.rapport.campaign.membership.MembershipWork;
import io.rapport.campaign.membership.RelationshipCalls;
import io.rapport.campaign.membership.SegmentEvaluation;
import io.rapport.campaign.membership.SegmentMembers;
import io.rapport.campaign.query.CampaignProjection;
import io.rapport.campaign.query.JourneyProjection;
import io.rapport.campaign.query.SegmentProjection;
import io.rapport.campaign.report.CampaignOutcomes;
import io.rapport.campaign.report.CampaignReports;
import io.rapport.campaign.report.OutcomeTracker;
import io.rapport.campaign.report.Outcomes;
import io.rapport.proto.messaging.v1.MessagingServiceGrpc;
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
                                         @Value("${rapport.segments.reevaluate-interval}") Duration reevaluateEvery,
                                         @Value("${rapport.segments.follower-lanes}") int lanes,
                                         OutcomeTracker outcomeTracker, JourneyEntries journeyEntries) {
        return new MembershipWork(new MembershipKeeper(members, relationships, commands), segments, relationships,
                database, reevaluateEvery, lanes, List.of(outcomeTracker, journeyEntries));
    }

    @Bean
    public MessagingCalls messagingCalls(GrpcChannelFactory channels) {
        return new MessagingCalls(MessagingServiceGrpc.newBlockingStub(channels.createChannel("messaging")));
    }

    @Bean
    public CampaignProjection campaignProjection(MongoDatabase database) {
        return new CampaignProjection(database);
    }

    @Bean
    public JourneyProjection journeyProjection(MongoDatabase database) {
        return new JourneyProjection(database);
    }

    @Bean
    public Outcomes outcomes(MongoDatabase database) {
        return new Outcomes(database);
    }

    @Bean
    public JourneyRuns journeyRuns(MongoDatabase database) {
        return new JourneyRuns(database);
    }

    @Bean
    public JourneyEntries journeyEntries(JourneyProjection journeys, RelationshipCalls relationships,
                                         MongoDatabase database) {
        return new JourneyEntries(journeys, relationships, database);
    }

    /** Outcomes are looked for among the campaigns that ran and the send steps of every run through a journey. */
    @Bean
    public OutcomeTracker outcomeTracker(Outcomes outcomes, RelationshipCalls relationships,
                                         CampaignProjection campaigns, JourneyProjection journeys, JourneyRuns runs) {
        return new OutcomeTracker(outcomes, relationships, List.of(new CampaignOutcomes(campaigns),
                new JourneyOutcomes(journeys, runs)));
    }

    @Bean
    public CampaignRunner campaignRunner(CampaignProjection campaigns, SegmentProjection segments,
                                         RelationshipCalls relationships, MessagingCalls messaging, Outcomes outcomes,
                                         CommandGateway commands, MongoDatabase database,
                                         @Value("${rapport.campaigns.poll-interval}") Duration pollEvery,
                                         @Value("${rapport.campaigns.send-concurrency}") int concurrency) {
        return new CampaignRunner(campaigns, segments, relationships, messaging, outcomes, commands, database,
                pollEvery, concurrency);
    }

    @Bean
    public JourneyRunner journeyRunner(JourneyProjection journeys, JourneyEntries entries, JourneyRuns runs,
                                       RelationshipCalls relationships, MessagingCalls messaging, Outcomes outcomes,
                                       CommandGateway commands, MembershipWork feeds,
                                       @Value("${rapport.journeys.poll-interval}") Duration pollEvery,
                                       @Value("${rapport.journeys.recheck-interval}") Duration recheck) {
        return new JourneyRunner(journeys, entries, runs, relationships, messaging, outcomes, commands, feeds,
                pollEvery, recheck);
    }

    @Bean
    public CampaignReports campaignReports(Outcomes outcomes) {
        return new CampaignReports(outcomes);
    }

    @Bean
    public JourneyReports journeyReports(JourneyRuns runs, Outcomes outcomes) {
        return new JourneyReports(runs, outcomes);
    }

    @Bean
    public Previews previews(RelationshipCalls relationships, MessagingCalls messaging) {
        return new Previews(relationships, messaging);
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
     * Segments, campaigns and journeys read back as soon as they are defined (their lists are kept in the defining
     * unit of work); a failed backfill request or journey entry stops its processor, which retries, rather than
     * skipping it.
     */
    @Bean
    public ConfigurerModule segmentProcessing() {
        return configurer -> {
            configurer.eventProcessing().registerSubscribingEventProcessor(SegmentProjection.PROCESSING_GROUP);
            configurer.eventProcessing().registerSubscribingEventProcessor(CampaignProjection.PROCESSING_GROUP);
            configurer.eventProcessing().registerSubscribingEventProcessor(JourneyProjection.PROCESSING_GROUP);
            configurer.eventProcessing().registerListenerInvocationErrorHandler(JourneyEntries.PROCESSING_GROUP,
                    c -> PropagatingErrorHandler.instance());
            configurer.eventProcessing().registerListenerInvocationErrorHandler(MembershipTriggers.PROCESSING_GROUP,
                    c -> PropagatingErrorHandler.instance());
        };
    }
}
