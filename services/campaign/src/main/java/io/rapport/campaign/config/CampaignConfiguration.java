package io.rapport.campaign.config;

import com.mongodb.client.MongoDatabase;
import io.rapport.campaign.membership.SegmentEvaluation;
import io.rapport.campaign.query.SegmentProjection;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

/** The campaign service's parts. */
@Configuration
public class CampaignConfiguration {

    @Bean
    public SegmentEvaluation segmentEvaluation(GrpcChannelFactory channels) {
        return new SegmentEvaluation(RelationshipServiceGrpc.newBlockingStub(channels.createChannel("relationship")));
    }

    @Bean
    public SegmentProjection segmentProjection(MongoDatabase database) {
        return new SegmentProjection(database);
    }

    /** Segments read back as soon as they are defined: their list is kept in the defining unit of work. */
    @Bean
    public ConfigurerModule segmentsInTheSameUnitOfWork() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(SegmentProjection.PROCESSING_GROUP);
    }
}
