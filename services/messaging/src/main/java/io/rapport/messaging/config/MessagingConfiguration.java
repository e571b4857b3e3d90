package io.rapport.messaging.config;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.channel.Deliveries;
import io.rapport.messaging.channel.DispatchQueue;
import io.rapport.messaging.channel.DispatchWorkers;
import io.rapport.messaging.channel.Dispatcher;
import io.rapport.messaging.channel.EmailChannel;
import io.rapport.messaging.channel.HttpProviderChannel;
import io.rapport.messaging.channel.RetryPolicy;
import io.rapport.messaging.channel.TimelineRecorder;
import io.rapport.messaging.channel.TokenBucket;
import io.rapport.messaging.channel.TrackingLinks;
import io.rapport.messaging.command.Personalisation;
import io.rapport.messaging.command.TemplateRenderer;
import io.rapport.messaging.inbound.AgentReplies;
import io.rapport.messaging.inbound.InboundReceiver;
import io.rapport.messaging.inbound.InboundSignatures;
import io.rapport.messaging.inbound.InboundTimeline;
import io.rapport.messaging.metrics.MessageMetrics;
import io.rapport.messaging.policy.BadAddresses;
import io.rapport.messaging.policy.MarketingSends;
import io.rapport.messaging.policy.RelationshipFacts;
import io.rapport.messaging.policy.SendPolicy;
import io.rapport.messaging.policy.WorkspaceSettings;
import io.rapport.messaging.query.ConversationHistory;
import io.rapport.messaging.query.ConversationProjection;
import io.rapport.messaging.query.ConversationThreads;
import io.rapport.proto.relationship.v1.RelationshipServiceGrpc;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.mail.javamail.JavaMailSender;

/** The messaging service's parts: templates, links back to Rapport, and the channels. */
@Configuration
@EnableConfigurationProperties(DeliveryProperties.class)
public class MessagingConfiguration {

    @Bean
    public TemplateRenderer templateRenderer() {
        return new TemplateRenderer();
    }

    @Bean
    public BadAddresses badAddresses(MongoDatabase database) {
        return new BadAddresses(database);
    }

    @Bean
    public RelationshipServiceGrpc.RelationshipServiceBlockingStub relationshipService(GrpcChannelFactory channels) {
        return RelationshipServiceGrpc.newBlockingStub(channels.createChannel("relationship"));
    }

    @Bean
    public TimelineRecorder timelineRecorder(RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships) {
        return new TimelineRecorder(relationships);
    }

    @Bean
    public MessageMetrics messageMetrics(MeterRegistry registry) {
        return new MessageMetrics(registry);
    }

    /**
     * Outcomes must reach the timeline and every rendered message the dispatch queue: a failed call stops the
     * processor, which retries, rather than skipping the event. Message metrics count in the recording unit of work.
     */
    @Bean
    public ConfigurerModule retryRatherThanSkip() {
        return configurer -> {
            configurer.eventProcessing().registerSubscribingEventProcessor(MessageMetrics.PROCESSING_GROUP);
            configurer.eventProcessing().registerListenerInvocationErrorHandler(TimelineRecorder.PROCESSING_GROUP,
                    c -> PropagatingErrorHandler.instance());
            configurer.eventProcessing().registerListenerInvocationErrorHandler(Dispatcher.PROCESSING_GROUP,
                    c -> PropagatingErrorHandler.instance());
        };
    }

    @Bean
    public SendPolicy sendPolicy(RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships,
                                 BadAddresses badAddresses, MongoDatabase database, WorkspaceSettings settings) {
        return new SendPolicy(new RelationshipFacts(relationships), badAddresses, new MarketingSends(database),
                settings);
    }

    /** Each workspace's cap and quiet hours; these properties are the defaults of a workspace that set none. */
    @Bean
    public WorkspaceSettings workspaceSettings(MongoDatabase database,
                                               @Value("${rapport.messaging.quiet-hours.from}") LocalTime quietFrom,
                                               @Value("${rapport.messaging.quiet-hours.until}") LocalTime quietUntil,
                                               @Value("${rapport.messaging.marketing-cap.count}") int capCount,
                                               @Value("${rapport.messaging.marketing-cap.window}") Duration capWindow) {
        return new WorkspaceSettings(database, new WorkspaceSettings.Settings(capCount, capWindow, quietFrom,
                quietUntil));
    }

    @Bean
    public Personalisation personalisation(RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships) {
        return new Personalisation(new RelationshipFacts(relationships));
    }

    @Bean
    public TrackingLinks trackingLinks(@Value("${rapport.messaging.public-url}") String publicUrl,
                                       @Value("${rapport.messaging.signing-key}") String signingKey) {
        return new TrackingLinks(publicUrl, signingKey);
    }

    @Bean
    public DispatchQueue dispatchQueue(MongoDatabase database) {
        return new DispatchQueue(database);
    }

    @Bean
    public Deliveries deliveries(DeliveryProperties properties, JavaMailSender mail, TrackingLinks links,
                                 @Value("${rapport.messaging.email.from}") String from, CommandGateway commands,
                                 EventStore eventStore, MeterRegistry meters) {
        Map<MessageChannel, Deliveries.Provider> providers = new EnumMap<>(MessageChannel.class);
        providers.put(MessageChannel.EMAIL, new Deliveries.Provider(new EmailChannel(mail, from, links),
                rateLimit(MessageChannel.EMAIL, properties.email().rate(), properties.email().burst(), meters)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.httpTimeout()).build();
        properties.providers().forEach((name, provider) -> {
            MessageChannel channel = MessageChannel.valueOf(name.toUpperCase(Locale.ROOT));
            if (channel == MessageChannel.EMAIL || channel == MessageChannel.PREFERRED) {
                throw new IllegalArgumentException("rapport.messaging.delivery.providers." + name
                        + ": e-mail goes over SMTP (spring.mail.*); HTTP providers are for sms, push, social, webhook");
            }
            providers.put(channel, new Deliveries.Provider(new HttpProviderChannel(channel.name(), provider.url(),
                    provider.secret(), properties.httpTimeout(), http),
                    rateLimit(channel, provider.rate(), provider.burst(), meters)));
        });
        return new Deliveries(providers, new RetryPolicy(properties.maxAttempts(), properties.initialBackoff(),
                properties.maxBackoff(), new SecureRandom()), commands, eventStore);
    }

    /** A channel's rate limit, its waits as {@code rapport_provider_rate_wait_seconds{channel}}; none at rate 0. */
    private static TokenBucket rateLimit(MessageChannel channel, double rate, int burst, MeterRegistry meters) {
        return rate <= 0 ? null : new TokenBucket(rate, Math.max(1, burst),
                meters.timer("rapport.provider.rate.wait", "channel", channel.name()));
    }

    @Bean
    public Dispatcher dispatcher(DispatchQueue queue, DispatchWorkers workers, Deliveries deliveries,
                                 BadAddresses badAddresses) {
        return new Dispatcher(queue, workers, deliveries, badAddresses);
    }

    @Bean
    public DispatchWorkers dispatchWorkers(DispatchQueue queue, Deliveries deliveries, DeliveryProperties properties) {
        return new DispatchWorkers(queue, deliveries, properties.poll(), properties.lease(), properties.threads());
    }

    @Bean
    public ConversationThreads conversationThreads(MongoDatabase database) {
        return new ConversationThreads(database);
    }

    @Bean
    public ConversationProjection conversationProjection(MongoDatabase database, ConversationHistory history,
                                                         ConversationThreads threads) {
        return new ConversationProjection(database, history, threads);
    }

    @Bean
    public InboundSignatures inboundSignatures(@Value("${rapport.messaging.signing-key}") String signingKey) {
        return new InboundSignatures(signingKey);
    }

    @Bean
    public InboundReceiver inboundReceiver(InboundSignatures signatures, ConversationThreads threads,
                                           ConversationProjection conversations, ConversationHistory history,
                                           RelationshipServiceGrpc.RelationshipServiceBlockingStub relationships,
                                           CommandGateway commands) {
        return new InboundReceiver(signatures, new InboundTimeline(relationships), threads, conversations, history,
                new RelationshipFacts(relationships), commands);
    }

    @Bean
    public AgentReplies agentReplies(ConversationHistory history, CommandGateway commands) {
        return new AgentReplies(history, commands);
    }
}
