package io.rapport.relationship.query;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.ConsentChangedEvent;
import io.rapport.relationship.api.ConsentState;
import io.rapport.relationship.api.CustomerForgottenEvent;
import io.rapport.relationship.api.CustomerProfileUpdatedEvent;
import io.rapport.relationship.api.CustomersMergedEvent;
import io.rapport.relationship.api.CustomersUnmergedEvent;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.IdentifierLinkedEvent;
import io.rapport.relationship.api.IdentifierType;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRegisteredEvent;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRecordedEvent;
import io.rapport.relationship.api.RelationshipView;
import io.rapport.relationship.api.Sentiment;
import io.rapport.platform.bounds.Bounds;
import org.bson.Document;

/**
 * The relationship view being folded from one customer's events, and its MongoDB document. The live
 * projection, the full rebuild and time travel all fold events through this one class. Only facts are kept;
 * what depends on the reading time (stage, best hour) is derived by {@link RelationshipRules} when read.
 */
final class RelationshipState {

    static final int RECENT_INTERACTIONS = 20;
    static final int SENTIMENT_READINGS = 20;
    static final int MAX_TAGS = 100;

    /** One day's purchases, for the purchase models: value per currency (empty when no amount was given). */
    record PurchaseDay(long epochDay, Map<String, Double> value) {
    }

    /**
     * One of the customer's own purchases, folded in but not yet written to the purchase days (a currency of null:
     * no amount was given).
     */
    record DayPurchase(long epochDay, String currency, double amount, long sequence) {
    }

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
    private Instant lastActivityAt;
    private Instant lastResponseAt;
    private Instant lastPurchaseAt;
    private long orderCount;
    private long pricedOrderCount;
    private final Map<String, BigDecimal> spend = new TreeMap<>();
    private final Map<String, BigDecimal> purchased = new TreeMap<>();
    private final Map<String, ConsentState> consents = new TreeMap<>();
    /** Per channel: messages the brand sent, responses the customer gave. */
    private final Map<Channel, long[]> sendsAndResponses = new EnumMap<>(Channel.class);
    /** Responses and purchases by hour of day in the customer's time zone. */
    private final long[] responseHours = new long[24];
    /** Compound sentiment scores by occurredAt, oldest first: [epoch millis, score]. */
    private List<double[]> sentimentReadings = new ArrayList<>();
    private final Map<String, Long> tagWeights = new HashMap<>();
    /**
     * The purchase days of the relationship (the merged customers' included), which grow with its history: not part
     * of the view's document but kept beside it, one document per customer and day ({@link RelationshipViewStore}).
     * Complete for a state folded from the first event; a state read from its document has them once the store
     * has attached them.
     */
    private final TreeMap<Long, Map<String, Double>> purchaseDays = new TreeMap<>();
    private boolean purchaseDaysComplete = true;
    /** The customer's own purchases folded in since the state was read, for the store to add to their days. */
    private final List<DayPurchase> unsavedPurchases = new ArrayList<>();
    private List<Interaction> recent = new ArrayList<>();
    private boolean erased;
    private final Map<String, Identifier> identifiers = new LinkedHashMap<>();
    private String mergedInto;
    /** Customers merged into this one → the last of their events folded in here. */
    private final Map<String, Long> merged = new LinkedHashMap<>();

    /** A relationship folded from its first event, its purchase days held in memory (time travel, merges). */
    RelationshipState(String id) {
        this.id = id;
    }

    /**
     * A new view to be stored: its purchase days are not held in memory, only its purchases not yet saved, which
     * {@link RelationshipViewStore} writes beside the view.
     */
    static RelationshipState toStore(String id) {
        RelationshipState state = new RelationshipState(id);
        state.purchaseDaysComplete = false;
        return state;
    }

    String id() {
        return id;
    }

    long lastSequence() {
        return lastSequence;
    }

    String tenant() {
        return tenant;
    }

    /** The relationship's purchase days, oldest first. */
    List<PurchaseDay> purchaseDays() {
        if (!purchaseDaysComplete) {
            throw new IllegalStateException("the purchase days of " + id + " were not read with its view");
        }
        return purchaseDays.entrySet().stream().map(e -> new PurchaseDay(e.getKey(), e.getValue())).toList();
    }

    List<DayPurchase> unsavedPurchases() {
        return List.copyOf(unsavedPurchases);
    }

    void purchasesSaved() {
        unsavedPurchases.clear();
    }

    /**
     * The purchase days as stored for this relationship (its own and its merged customers'), with its own purchases
     * folded in since but not yet stored (those of a day the store holds up to {@code storedUpTo} are in it).
     */
    void attachPurchaseDays(List<PurchaseDay> stored, Map<Long, Long> storedUpTo) {
        purchaseDays.clear();
        for (PurchaseDay day : stored) {
            Map<String, Double> values = purchaseDays.computeIfAbsent(day.epochDay(), d -> new TreeMap<>());
            day.value().forEach((currency, amount) -> values.merge(currency, amount, Double::sum));
        }
        for (DayPurchase purchase : unsavedPurchases) {
            if (purchase.sequence() > storedUpTo.getOrDefault(purchase.epochDay(), -1L)) {
                addToDay(purchase);
            }
        }
        purchaseDaysComplete = true;
    }

    private void addToDay(DayPurchase purchase) {
        Map<String, Double> day = purchaseDays.computeIfAbsent(purchase.epochDay(), d -> new TreeMap<>());
        if (purchase.currency() != null) {
            day.merge(purchase.currency(), purchase.amount(), Double::sum);
        }
    }

    long[] responseHours() {
        return responseHours.clone();
    }

    /**
     * Folds in one event unless it was folded in before: applying an event twice leaves the same state, so
     * replays and retried batches are safe.
     */
    boolean apply(Object event, long sequence, Instant recordedAt) {
        if (sequence <= lastSequence) {
            return false;
        }
        checkFoldable(event);
        if (event instanceof CustomerRegisteredEvent registered) {
            on(registered, recordedAt);
        } else if (event instanceof InteractionRecordedEvent recorded) {
            on(recorded.interaction(), sequence);
        } else if (event instanceof CustomerProfileUpdatedEvent update) {
            profile = profile.updatedWith(update.changes());
        } else if (event instanceof ConsentChangedEvent change) {
            on(change);
        } else if (event instanceof CustomerForgottenEvent) {
            forget();
        } else if (event instanceof IdentifierLinkedEvent linked) {
            on(linked.identifier());
        } else if (event instanceof CustomersMergedEvent merge) {
            if (merge.customerId().equals(merge.survivorCustomerId())) {
                merged.putIfAbsent(merge.mergedCustomerId(), -1L);
            } else {
                mergedInto = merge.survivorCustomerId();
            }
        } else if (event instanceof CustomersUnmergedEvent unmerge) {
            if (unmerge.customerId().equals(unmerge.survivorCustomerId())) {
                merged.remove(unmerge.mergedCustomerId());
            } else {
                mergedInto = null;
            }
        }
        lastSequence = sequence;
        return true;
    }

    /**
     * Refuses, before anything changes, an event no view can hold: a time outside the platform's range (refused by
     * the API since, but perhaps stored before). Its processor sets it aside as a dead letter.
     */
    private static void checkFoldable(Object event) {
        Instant at = event instanceof InteractionRecordedEvent recorded ? recorded.interaction().occurredAt()
                : event instanceof ConsentChangedEvent change ? change.at() : null;
        if (at != null && Bounds.instant(at) != null) {
            throw new IllegalArgumentException("the event's time " + at + " is outside the supported range");
        }
    }

    /**
     * Folds in an event of a customer merged into this one: what they did and said becomes part of this
     * relationship; who they were registered as does not. Idempotent per merged customer's sequence.
     */
    boolean absorb(String mergedCustomerId, Object event, long sequence) {
        Long last = merged.get(mergedCustomerId);
        if (last == null || sequence <= last) {
            return false;
        }
        checkFoldable(event);
        if (event instanceof InteractionRecordedEvent recorded) {
            on(recorded.interaction(), -1);
        } else if (event instanceof ConsentChangedEvent change) {
            on(change);
        } else if (event instanceof IdentifierLinkedEvent linked) {
            on(linked.identifier());
        }
        merged.put(mergedCustomerId, sequence);
        return true;
    }

    /** The customers merged into this one. */
    Set<String> mergedCustomerIds() {
        return Set.copyOf(merged.keySet());
    }

    /** Whose relationship this customer's new events also belong to; null unless merged away. */
    String mergedInto() {
        return mergedInto;
    }

    String customerId() {
        return customerId;
    }

    private void on(Identifier identifier) {
        // Unreadable once the customer was forgotten: nothing to show then.
        if (identifier.value() != null) {
            identifiers.put(identifier.key(), identifier);
        }
    }

    private void on(CustomerRegisteredEvent event, Instant recordedAt) {
        tenant = event.tenant();
        customerId = event.customerId();
        profile = event.profile();
        registeredAt = recordedAt;
    }

    /** Keeps what the customer did and drops who they are and what they wrote. */
    private void forget() {
        erased = true;
        identifiers.clear();
        profile = new CustomerProfile(null, null, null, null, profile.timeZone(), profile.locale(), Map.of());
        recent = new ArrayList<>(recent.stream().map(i -> new Interaction(i.eventId(), i.channel(), i.direction(),
                i.kind(), i.occurredAt(), i.amount(), i.currency(), null, i.reference(), i.campaignId(),
                i.messageId(), i.tags(), i.sentiment())).toList());
    }

    private void on(ConsentChangedEvent change) {
        String key = change.channel() + "/" + change.purpose();
        ConsentState current = consents.get(key);
        // Ordered by when a change took effect: a late-recorded older change does not override a newer one.
        if (current == null || !change.at().isBefore(current.at())) {
            consents.put(key, new ConsentState(change.channel(), change.purpose(), change.granted(), change.at(),
                    change.source()));
        }
    }

    /** @param ownSequence the sequence of the customer's own event; -1 for one of a customer merged into them */
    private void on(Interaction interaction, long ownSequence) {
        interactionCount++;
        countsByChannel.merge(interaction.channel(), 1L, Long::sum);
        countsByKind.merge(interaction.kind(), 1L, Long::sum);
        Instant at = interaction.occurredAt();
        firstInteractionAt = earlier(firstInteractionAt, at);
        lastInteractionAt = later(lastInteractionAt, at);
        if (RelationshipRules.isActivity(interaction)) {
            lastActivityAt = later(lastActivityAt, at);
        }
        // A message that went out; one stopped by a policy or lost by its channel was never a chance to respond.
        if (interaction.direction() == Direction.OUTBOUND && interaction.kind() == InteractionKind.MESSAGE) {
            sendsAndResponses.computeIfAbsent(interaction.channel(), c -> new long[2])[0]++;
        }
        if (RelationshipRules.isResponse(interaction)) {
            lastResponseAt = later(lastResponseAt, at);
            sendsAndResponses.computeIfAbsent(interaction.channel(), c -> new long[2])[1]++;
        }
        if (RelationshipRules.isResponse(interaction) || interaction.kind() == InteractionKind.PURCHASE) {
            responseHours[at.atZone(zone()).getHour()]++;
        }
        if (interaction.kind() == InteractionKind.PURCHASE) {
            onPurchase(interaction, ownSequence);
        } else if (interaction.kind() == InteractionKind.RETURN && priced(interaction)) {
            spend.merge(interaction.currency(), interaction.amount().negate(), BigDecimal::add);
        }
        if (interaction.sentiment() != null) {
            addSentiment(at, interaction.sentiment().compound());
        }
        for (String tag : interaction.tags()) {
            tagWeights.merge(tag, (long) RelationshipRules.interestWeight(interaction.kind()), Long::sum);
        }
        if (tagWeights.size() > MAX_TAGS) {
            tagWeights.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(weakest -> tagWeights.remove(weakest.getKey()));
        }
        if (recent.size() < RECENT_INTERACTIONS || at.isAfter(recent.get(recent.size() - 1).occurredAt())) {
            recent.add(interaction);
            recent.sort(Comparator.comparing(Interaction::occurredAt).reversed());
            if (recent.size() > RECENT_INTERACTIONS) {
                recent = new ArrayList<>(recent.subList(0, RECENT_INTERACTIONS));
            }
        }
    }

    private void onPurchase(Interaction interaction, long ownSequence) {
        orderCount++;
        lastPurchaseAt = later(lastPurchaseAt, interaction.occurredAt());
        boolean priced = priced(interaction);
        if (priced) {
            pricedOrderCount++;
            spend.merge(interaction.currency(), interaction.amount(), BigDecimal::add);
            purchased.merge(interaction.currency(), interaction.amount(), BigDecimal::add);
        }
        DayPurchase purchase = new DayPurchase(interaction.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate().toEpochDay(),
                priced ? interaction.currency() : null, priced ? interaction.amount().doubleValue() : 0, ownSequence);
        if (purchaseDaysComplete) {
            addToDay(purchase);
        }
        if (ownSequence >= 0) {
            unsavedPurchases.add(purchase);
        }
    }

    private void addSentiment(Instant at, double compound) {
        double[] reading = {at.toEpochMilli(), compound};
        int position = sentimentReadings.size();
        while (position > 0 && sentimentReadings.get(position - 1)[0] > reading[0]) {
            position--;
        }
        sentimentReadings.add(position, reading);
        if (sentimentReadings.size() > SENTIMENT_READINGS) {
            sentimentReadings.remove(0);
        }
    }

    private static boolean priced(Interaction interaction) {
        return interaction.amount() != null && interaction.currency() != null;
    }

    private ZoneId zone() {
        if (profile.timeZone() != null) {
            try {
                return ZoneId.of(profile.timeZone());
            } catch (DateTimeException unknownZone) {
                // validated when given; an old event with a zone Java no longer knows falls back to UTC
            }
        }
        return ZoneOffset.UTC;
    }

    /**
     * The view read at {@code now}: its stage and send hour depend on when it is read.
     *
     * @param workspaceHours the workspace's response pattern over 24 hours (summing to 1), or null if unknown
     */
    RelationshipView toView(Instant now, double[] workspaceHours) {
        Map<String, BigDecimal> averageOrderValue = new TreeMap<>();
        if (pricedOrderCount > 0) {
            purchased.forEach((currency, total) -> averageOrderValue.put(currency,
                    total.divide(BigDecimal.valueOf(pricedOrderCount), MathContext.DECIMAL64)
                            .setScale(Math.max(2, total.scale()), java.math.RoundingMode.HALF_EVEN)));
        }
        return new RelationshipView(tenant, customerId, profile, registeredAt, lastSequence + 1, interactionCount,
                Map.copyOf(countsByChannel), Map.copyOf(countsByKind), firstInteractionAt, lastInteractionAt,
                lastActivityAt, lastPurchaseAt, orderCount, Map.copyOf(spend), averageOrderValue,
                List.copyOf(consents.values()),
                RelationshipRules.stage(now, firstInteractionAt, lastActivityAt, lastResponseAt, lastPurchaseAt,
                        orderCount),
                RelationshipRules.sentimentTrend(sentimentReadings.stream().map(r -> r[1]).toList()),
                RelationshipRules.preferredChannel(sendsAndResponses),
                RelationshipRules.bestHour(responseHours, workspaceHours), zone().getId(),
                RelationshipRules.interests(tagWeights), List.copyOf(recent), null, now, erased,
                List.copyOf(identifiers.values()), mergedInto, List.copyOf(merged.keySet()));
    }

    private static Instant earlier(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static Instant later(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    // ---- MongoDB document ----

    Document toDocument() {
        Document counts = new Document();
        countsByChannel.forEach((channel, count) -> counts.append(channel.name(), count));
        Document kinds = new Document();
        countsByKind.forEach((kind, count) -> kinds.append(kind.name(), count));
        Document channels = new Document();
        sendsAndResponses.forEach((channel, sr) -> channels.append(channel.name(), List.of(sr[0], sr[1])));
        List<Long> hours = new ArrayList<>(24);
        for (long count : responseHours) {
            hours.add(count);
        }
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
                .append("lastActivityAt", date(lastActivityAt))
                .append("lastResponseAt", date(lastResponseAt))
                .append("lastPurchaseAt", date(lastPurchaseAt))
                .append("orderCount", orderCount)
                .append("pricedOrderCount", pricedOrderCount)
                .append("spend", amounts(spend))
                .append("purchased", amounts(purchased))
                .append("consents", consents.values().stream().map(c -> new Document("channel", c.channel().name())
                        .append("purpose", c.purpose()).append("granted", c.granted()).append("at", date(c.at()))
                        .append("source", c.source())).toList())
                .append("channels", channels)
                .append("responseHours", hours)
                .append("sentiment", sentimentReadings.stream().map(r -> List.of(r[0], r[1])).toList())
                .append("tags", new Document(new TreeMap<>(tagWeights)))
                .append("recent", recent.stream().map(RelationshipState::interactionDocument).toList())
                .append("erased", erased)
                .append("identifiers", identifiers.values().stream()
                        .map(i -> new Document("type", i.type().name()).append("value", i.value())).toList())
                .append("mergedInto", mergedInto)
                .append("merged", merged.entrySet().stream()
                        .map(e -> new Document("customerId", e.getKey()).append("sequence", e.getValue())).toList());
    }

    static RelationshipState fromDocument(Document document) {
        RelationshipState state = toStore(document.getString("_id"));
        state.tenant = document.getString("tenant");
        state.customerId = document.getString("customerId");
        state.profile = profile(document.get("profile", Document.class));
        state.registeredAt = instant(document.getDate("registeredAt"));
        state.lastSequence = number(document, "lastSequence");
        state.interactionCount = number(document, "interactionCount");
        document.get("countsByChannel", Document.class)
                .forEach((key, value) -> state.countsByChannel.put(Channel.valueOf(key), ((Number) value).longValue()));
        document.get("countsByKind", Document.class)
                .forEach((key, value) -> state.countsByKind.put(InteractionKind.valueOf(key), ((Number) value).longValue()));
        state.firstInteractionAt = instant(document.getDate("firstInteractionAt"));
        state.lastInteractionAt = instant(document.getDate("lastInteractionAt"));
        state.lastActivityAt = instant(document.getDate("lastActivityAt"));
        state.lastResponseAt = instant(document.getDate("lastResponseAt"));
        state.lastPurchaseAt = instant(document.getDate("lastPurchaseAt"));
        state.orderCount = number(document, "orderCount");
        state.pricedOrderCount = number(document, "pricedOrderCount");
        readAmounts(document.get("spend", Document.class), state.spend);
        readAmounts(document.get("purchased", Document.class), state.purchased);
        for (Document consent : document.getList("consents", Document.class)) {
            ConsentState c = new ConsentState(Channel.valueOf(consent.getString("channel")),
                    consent.getString("purpose"), consent.getBoolean("granted"), instant(consent.getDate("at")),
                    consent.getString("source"));
            state.consents.put(c.channel() + "/" + c.purpose(), c);
        }
        document.get("channels", Document.class).forEach((channel, sr) -> {
            List<?> pair = (List<?>) sr;
            state.sendsAndResponses.put(Channel.valueOf(channel),
                    new long[] {((Number) pair.get(0)).longValue(), ((Number) pair.get(1)).longValue()});
        });
        List<?> hours = document.getList("responseHours", Object.class);
        for (int hour = 0; hour < 24; hour++) {
            state.responseHours[hour] = ((Number) hours.get(hour)).longValue();
        }
        for (Object reading : document.getList("sentiment", Object.class)) {
            List<?> pair = (List<?>) reading;
            state.sentimentReadings.add(new double[] {((Number) pair.get(0)).doubleValue(),
                    ((Number) pair.get(1)).doubleValue()});
        }
        document.get("tags", Document.class).forEach((tag, weight) -> state.tagWeights.put(tag, ((Number) weight).longValue()));
        // Written before the purchase days had documents of their own: moved there when the view is next saved.
        for (Document day : document.getList("purchaseDays", Document.class, List.of())) {
            long epochDay = ((Number) day.get("d")).longValue();
            Document value = day.get("v", Document.class);
            if (value.isEmpty()) {
                state.unsavedPurchases.add(new DayPurchase(epochDay, null, 0, state.lastSequence));
            }
            value.forEach((currency, amount) -> state.unsavedPurchases.add(
                    new DayPurchase(epochDay, currency, ((Number) amount).doubleValue(), state.lastSequence)));
        }
        state.recent = new ArrayList<>(document.getList("recent", Document.class, List.of()).stream()
                .map(RelationshipState::interaction).toList());
        state.erased = document.getBoolean("erased", false);
        for (Document identifier : document.getList("identifiers", Document.class, List.of())) {
            state.on(new Identifier(IdentifierType.valueOf(identifier.getString("type")), identifier.getString("value")));
        }
        state.mergedInto = document.getString("mergedInto");
        for (Document merge : document.getList("merged", Document.class, List.of())) {
            state.merged.put(merge.getString("customerId"), ((Number) merge.get("sequence")).longValue());
        }
        return state;
    }

    private static long number(Document document, String key) {
        return document.get(key, Number.class).longValue();
    }

    private static Document amounts(Map<String, BigDecimal> amounts) {
        Document document = new Document();
        amounts.forEach((currency, amount) -> document.append(currency, amount.toPlainString()));
        return document;
    }

    private static void readAmounts(Document document, Map<String, BigDecimal> into) {
        document.forEach((currency, amount) -> into.put(currency, new BigDecimal((String) amount)));
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

    /**
     * An interaction as the view stores it: what it does not have is left out rather than stored as null (a view holds
     * 20 of them, rewritten on every event: the nulls were half of its bytes).
     */
    private static Document interactionDocument(Interaction interaction) {
        Document document = new Document("eventId", interaction.eventId())
                .append("channel", interaction.channel().name())
                .append("direction", interaction.direction().name())
                .append("kind", interaction.kind().name())
                .append("occurredAt", date(interaction.occurredAt()));
        appendPresent(document, "amount", interaction.amount() == null ? null : interaction.amount().toPlainString());
        appendPresent(document, "currency", interaction.currency());
        appendPresent(document, "content", interaction.content());
        appendPresent(document, "reference", interaction.reference());
        appendPresent(document, "campaignId", interaction.campaignId());
        appendPresent(document, "messageId", interaction.messageId());
        appendPresent(document, "tags", interaction.tags().isEmpty() ? null : interaction.tags());
        appendPresent(document, "sentiment", interaction.sentiment() == null ? null : new Document()
                .append("negative", interaction.sentiment().negative())
                .append("neutral", interaction.sentiment().neutral())
                .append("positive", interaction.sentiment().positive())
                .append("compound", interaction.sentiment().compound()));
        return document;
    }

    private static void appendPresent(Document document, String key, Object value) {
        if (value != null) {
            document.append(key, value);
        }
    }

    private static Interaction interaction(Document document) {
        String amount = document.getString("amount");
        return new Interaction(document.getString("eventId"), Channel.valueOf(document.getString("channel")),
                Direction.valueOf(document.getString("direction")),
                InteractionKind.valueOf(document.getString("kind")), instant(document.getDate("occurredAt")),
                amount == null ? null : new BigDecimal(amount), document.getString("currency"),
                document.getString("content"), document.getString("reference"), document.getString("campaignId"),
                document.getString("messageId"), document.getList("tags", String.class, List.of()),
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
