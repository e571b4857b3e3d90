package io.rapport.relationship.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipView;
import io.rapport.relationship.api.Sentiment;
import org.bson.Document;

/**
 * The relationship view being folded from one customer's events, and its MongoDB document. The live
 * projection, the full rebuild and (later) time travel all fold events through this one class.
 */
final class RelationshipState {

    static final int RECENT_INTERACTIONS = 20;

    private final String id;
    private String tenant;
    private String customerId;
    private CustomerProfile profile = CustomerProfile.empty();
    private Instant registeredAt;
    /** The sequence number of the last event folded in; -1 before the first. */
    private long lastSequence = -1;
    private long interactionCount;
    private final Map<Channel, Long> countsByChannel = new EnumMap<>(Channel.class);
    private final Map<InteractionKind, Long> countsByKind = new EnumMap<>(InteractionKind.class);
    private Instant firstInteractionAt;
    private Instant lastInteractionAt;
    private long orderCount;
    private final Map<String, BigDecimal> spend = new TreeMap<>();
    private List<Interaction> recent = new ArrayList<>();

    RelationshipState(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    /**
     * Folds in one event unless it was folded in before: applying an event twice leaves the same state, so
     * replays and retried batches are safe.
     */
    boolean apply(Object event, long sequence, Instant recordedAt) {
        if (sequence <= lastSequence) {
            return false;
        }
        if (event instanceof CustomerRegisteredEvent registered) {
            on(registered, recordedAt);
        } else if (event instanceof InteractionRecordedEvent recorded) {
            on(recorded.interaction());
        }
        lastSequence = sequence;
        return true;
    }

    private void on(CustomerRegisteredEvent event, Instant recordedAt) {
        tenant = event.tenant();
        customerId = event.customerId();
        profile = event.profile();
        registeredAt = recordedAt;
    }

    private void on(Interaction interaction) {
        interactionCount++;
        countsByChannel.merge(interaction.channel(), 1L, Long::sum);
        countsByKind.merge(interaction.kind(), 1L, Long::sum);
        Instant at = interaction.occurredAt();
        if (firstInteractionAt == null || at.isBefore(firstInteractionAt)) {
            firstInteractionAt = at;
        }
        if (lastInteractionAt == null || at.isAfter(lastInteractionAt)) {
            lastInteractionAt = at;
        }
        if (interaction.amount() != null && interaction.currency() != null) {
            if (interaction.kind() == InteractionKind.PURCHASE) {
                orderCount++;
                spend.merge(interaction.currency(), interaction.amount(), BigDecimal::add);
            } else if (interaction.kind() == InteractionKind.RETURN) {
                spend.merge(interaction.currency(), interaction.amount().negate(), BigDecimal::add);
            }
        } else if (interaction.kind() == InteractionKind.PURCHASE) {
            orderCount++;
        }
        if (recent.size() < RECENT_INTERACTIONS || at.isAfter(recent.get(recent.size() - 1).occurredAt())) {
            recent.add(interaction);
            recent.sort(Comparator.comparing(Interaction::occurredAt).reversed());
            if (recent.size() > RECENT_INTERACTIONS) {
                recent = new ArrayList<>(recent.subList(0, RECENT_INTERACTIONS));
            }
        }
    }

    RelationshipView toView() {
        return new RelationshipView(tenant, customerId, profile, registeredAt, lastSequence + 1, interactionCount,
                Map.copyOf(countsByChannel), Map.copyOf(countsByKind), firstInteractionAt, lastInteractionAt,
                orderCount, Map.copyOf(spend), List.copyOf(recent));
    }

    // ---- MongoDB document ----

    Document toDocument() {
        Document counts = new Document();
        countsByChannel.forEach((channel, count) -> counts.append(channel.name(), count));
        Document kinds = new Document();
        countsByKind.forEach((kind, count) -> kinds.append(kind.name(), count));
        Document spendDocument = new Document();
        spend.forEach((currency, amount) -> spendDocument.append(currency, amount.toPlainString()));
        return new Document("_id", id)
                .append("tenant", tenant)
                .append("customerId", customerId)
                .append("profile", profileDocument(profile))
                .append("registeredAt", date(registeredAt))
                .append("lastSequence", lastSequence)
                .append("interactionCount", interactionCount)
                .append("countsByChannel", counts)
                .append("countsByKind", kinds)
                .append("firstInteractionAt", date(firstInteractionAt))
                .append("lastInteractionAt", date(lastInteractionAt))
                .append("orderCount", orderCount)
                .append("spend", spendDocument)
                .append("recent", recent.stream().map(RelationshipState::interactionDocument).toList());
    }

    static RelationshipState fromDocument(Document document) {
        RelationshipState state = new RelationshipState(document.getString("_id"));
        state.tenant = document.getString("tenant");
        state.customerId = document.getString("customerId");
        state.profile = profile(document.get("profile", Document.class));
        state.registeredAt = instant(document.getDate("registeredAt"));
        state.lastSequence = document.get("lastSequence", Number.class).longValue();
        state.interactionCount = document.get("interactionCount", Number.class).longValue();
        document.get("countsByChannel", Document.class)
                .forEach((key, value) -> state.countsByChannel.put(Channel.valueOf(key), ((Number) value).longValue()));
        document.get("countsByKind", Document.class)
                .forEach((key, value) -> state.countsByKind.put(InteractionKind.valueOf(key), ((Number) value).longValue()));
        state.firstInteractionAt = instant(document.getDate("firstInteractionAt"));
        state.lastInteractionAt = instant(document.getDate("lastInteractionAt"));
        state.orderCount = document.get("orderCount", Number.class).longValue();
        document.get("spend", Document.class)
                .forEach((currency, amount) -> state.spend.put(currency, new BigDecimal((String) amount)));
        state.recent = new ArrayList<>(document.getList("recent", Document.class).stream()
                .map(RelationshipState::interaction).toList());
        return state;
    }

    private static Document profileDocument(CustomerProfile profile) {
        return new Document("firstName", profile.firstName())
                .append("lastName", profile.lastName())
                .append("email", profile.email())
                .append("phone", profile.phone())
                .append("timeZone", profile.timeZone())
                .append("locale", profile.locale())
                .append("attributes", new Document(new LinkedHashMap<>(profile.attributes())));
    }

    private static CustomerProfile profile(Document document) {
        Map<String, String> attributes = new LinkedHashMap<>();
        document.get("attributes", Document.class).forEach((key, value) -> attributes.put(key, (String) value));
        return new CustomerProfile(document.getString("firstName"), document.getString("lastName"),
                document.getString("email"), document.getString("phone"), document.getString("timeZone"),
                document.getString("locale"), attributes);
    }

    private static Document interactionDocument(Interaction interaction) {
        return new Document("eventId", interaction.eventId())
                .append("channel", interaction.channel().name())
                .append("direction", interaction.direction().name())
                .append("kind", interaction.kind().name())
                .append("occurredAt", date(interaction.occurredAt()))
                .append("amount", interaction.amount() == null ? null : interaction.amount().toPlainString())
                .append("currency", interaction.currency())
                .append("content", interaction.content())
                .append("reference", interaction.reference())
                .append("campaignId", interaction.campaignId())
                .append("messageId", interaction.messageId())
                .append("tags", interaction.tags())
                .append("sentiment", interaction.sentiment() == null ? null : new Document()
                        .append("negative", interaction.sentiment().negative())
                        .append("neutral", interaction.sentiment().neutral())
                        .append("positive", interaction.sentiment().positive())
                        .append("compound", interaction.sentiment().compound()));
    }

    private static Interaction interaction(Document document) {
        String amount = document.getString("amount");
        return new Interaction(document.getString("eventId"), Channel.valueOf(document.getString("channel")),
                Direction.valueOf(document.getString("direction")),
                InteractionKind.valueOf(document.getString("kind")), instant(document.getDate("occurredAt")),
                amount == null ? null : new BigDecimal(amount), document.getString("currency"),
                document.getString("content"), document.getString("reference"), document.getString("campaignId"),
                document.getString("messageId"), document.getList("tags", String.class),
                sentiment(document.get("sentiment", Document.class)));
    }

    private static Sentiment sentiment(Document document) {
        return document == null ? null : new Sentiment(document.getDouble("negative"), document.getDouble("neutral"),
                document.getDouble("positive"), document.getDouble("compound"));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
