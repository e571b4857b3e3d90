package io.rapport.campaign.config;

import com.mongodb.client.MongoDatabase;
import io.rapport.campaign.query.SegmentProjection;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The campaign service's parts. */
@Configuration
public class CampaignConfiguration {

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
