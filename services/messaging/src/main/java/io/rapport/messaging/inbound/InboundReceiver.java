package io.rapport.messaging.inbound;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.grpc.Status;
import io.rapport.messaging.api.ConversationView;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageIds;
import io.rapport.messaging.api.ReceiveInboundCommand;
import io.rapport.messaging.api.RecordDeliveryCommand;
import io.rapport.messaging.api.RecordEngagementCommand;
import io.rapport.messaging.policy.CustomerFacts;
import io.rapport.messaging.query.ConversationHistory;
import io.rapport.messaging.query.ConversationProjection;
import io.rapport.messaging.query.ConversationThreads;
import io.rapport.platform.crypto.Digests;
import io.rapport.platform.grpc.RequestRejectedException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in a provider's webhook: checks its signature, reads it, and for a customer's message scores its tone,
 * recognizes a complaint (and writes the apology to suggest), puts it on the sender's timeline, and threads it into
 * their conversation: the one its e-mail references or its provider thread belongs to, else their active one on
 * the channel, else a new one. A reply to a message Rapport sent marks that message REPLIED.
 */
public class InboundReceiver {

    /** What became of a webhook. */
    public record Received(String conversationId, String customerId, boolean recorded, boolean complaint) {
    }

    private static final Logger log = LoggerFactory.getLogger(InboundReceiver.class);

    private final InboundSignatures signatures;
    private final InboundTimeline timeline;
    private final ConversationThreads threads;
    private final ConversationProjection conversations;
    private final ConversationHistory history;
    private final CustomerFacts facts;
    private final CommandGateway commands;

    public InboundReceiver(InboundSignatures signatures, InboundTimeline timeline, ConversationThreads threads,
                           ConversationProjection conversations, ConversationHistory history, CustomerFacts facts,
                           CommandGateway commands) {
        this.signatures = signatures;
        this.timeline = timeline;
        this.threads = threads;
        this.conversations = conversations;
        this.history = history;
        this.facts = facts;
        this.commands = commands;
    }

    /** {@code channel} null: a delivery report. */
    public Received receive(String tenant, MessageChannel channel, byte[] body, String timestamp, String signature) {
        String problem = signatures.problem(tenant, timestamp, body, signature, Instant.now());
        if (problem != null) {
            throw new RequestRejectedException(Status.UNAUTHENTICATED, problem);
        }
        if (channel == null) {
            return delivery(tenant, InboundMessage.DeliveryReport.parse(body));
        }
        InboundMessage message = InboundMessage.parse(channel, body);
        Optional<String> known = threads.byInbound(tenant, channel, message.id());
        if (known.isPresent()) {
            ConversationView view = history.fold(known.get());
            return new Received(known.get(), view == null ? null : view.customerId(), false, false);
        }
        double sentiment = timeline.sentiment(tenant, message.text());
        boolean complaint = ComplaintReader.isComplaint(message.text(), sentiment);
        Map<String, String> referencedMessages = new LinkedHashMap<>();
        message.references().forEach(reference -> threads.byProviderId(tenant, reference)
                .ifPresent(messageId -> referencedMessages.put(reference, messageId)));
        String repliedMessageId = referencedMessages.values().stream().findFirst().orElse(null);
        String customerId = timeline.record(tenant, message, complaint,
                repliedMessageId == null ? null : repliedMessageId.substring(tenant.length() + 1));
        String conversationId = conversationOf(tenant, customerId, message, referencedMessages);
        String suggestion = complaint ? ApologyWriter.apology(firstName(tenant, customerId, message), message.text())
                : null;
        boolean recorded = Boolean.TRUE.equals(commands.sendAndWait(new ReceiveInboundCommand(conversationId, tenant,
                customerId, channel, message.id(), message.from(), message.subject(), message.text(), sentiment,
                complaint, suggestion, repliedMessageId, message.threadId(), message.receivedAt())));
        if (repliedMessageId != null) {
            commands.send(new RecordEngagementCommand(repliedMessageId, "REPLIED", null)).exceptionally(e -> {
                log.warn("Could not mark {} as replied to", repliedMessageId, e);
                return null;
            });
        }
        return new Received(conversationId, customerId, recorded, complaint);
    }

    private Received delivery(String tenant, InboundMessage.DeliveryReport report) {
        RecordDeliveryCommand.DeliveryStatus status = RecordDeliveryCommand.DeliveryStatus.valueOf(
                report.status().toUpperCase(java.util.Locale.ROOT));
        boolean recorded = Boolean.TRUE.equals(commands.sendAndWait(new RecordDeliveryCommand(
                MessageIds.of(tenant, report.messageId()), status, report.reason())));
        return new Received(null, null, recorded, false);
    }

    /** @param referencedMessages the messages Rapport sent that the e-mail references, by Message-ID */
    private String conversationOf(String tenant, String customerId, InboundMessage message,
                                  Map<String, String> referencedMessages) {
        for (String reference : message.references()) {
            Optional<String> found = Optional.ofNullable(referencedMessages.get(reference))
                    .flatMap(id -> threads.byReply(tenant, id))
                    .or(() -> threads.byInbound(tenant, message.channel(), reference));
            if (found.isPresent()) {
                return found.get();
            }
        }
        if (message.threadId() != null) {
            Optional<String> found = threads.byThread(tenant, message.channel(), message.threadId());
            if (found.isPresent()) {
                return found.get();
            }
        }
        return conversations.latestActive(tenant, customerId, message.channel())
                .orElse(tenant + "/conv-" + Digests.sha256Hex(message.channel() + ":" + message.id()).substring(0, 24));
    }

    private String firstName(String tenant, String customerId, InboundMessage message) {
        Optional<String> known = facts.customer(tenant, customerId)
                .map(customer -> customer.variables().get("customer_first_name"));
        if (known.isPresent()) {
            return known.get();
        }
        if (message.name() != null && !message.name().isBlank()) {
            return message.name().strip().split("\\s+")[0];
        }
        return null;
    }
}
