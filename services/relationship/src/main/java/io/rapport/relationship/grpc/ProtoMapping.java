package io.rapport.relationship.grpc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.google.protobuf.Timestamp;
import io.rapport.proto.relationship.v1.InteractionCount;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.SentimentScore;
import io.rapport.proto.relationship.v1.Spend;
import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.RelationshipIds;
import io.rapport.relationship.api.RelationshipView;
import io.rapport.relationship.api.Sentiment;

/**
 * Translates between the gRPC contract and the service's own messages, refusing what is invalid with every
 * problem named (field path and cause), so that a client can fix a whole batch at once.
 */
final class ProtoMapping {

    static final int MAX_BATCH = 1_000;
    private static final int MAX_ID = 128;
    private static final int MAX_CONTENT = 10_000;
    private static final int MAX_TAGS = 50;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private ProtoMapping() {
    }

    static List<Interaction> interactions(List<io.rapport.proto.relationship.v1.Interaction> batch, Problems problems) {
        if (batch.isEmpty()) {
            problems.add("interactions", "at least one interaction is required");
        }
        if (batch.size() > MAX_BATCH) {
            problems.add("interactions", "at most " + MAX_BATCH + " interactions per batch, got " + batch.size());
            return List.of();
        }
        List<Interaction> interactions = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            interactions.add(interaction(batch.get(i), problems.at("interactions[" + i + "]")));
        }
        return interactions;
    }

    static Interaction interaction(io.rapport.proto.relationship.v1.Interaction proto, Problems problems) {
        customerId(proto.getCustomerId(), problems.at("customer_id"));
        if (proto.getEventId().isBlank()) {
            problems.add("event_id", "required: a client-chosen id that makes re-sending a no-op");
        } else if (proto.getEventId().length() > MAX_ID) {
            problems.add("event_id", "at most " + MAX_ID + " characters");
        }
        Channel channel = enumValue(proto.getChannel().name(), "CHANNEL_", Channel.class, "channel", problems);
        Direction direction = enumValue(proto.getDirection().name(), "DIRECTION_", Direction.class, "direction", problems);
        InteractionKind kind = enumValue(proto.getKind().name(), "INTERACTION_KIND_", InteractionKind.class, "kind", problems);
        Instant occurredAt = null;
        if (!proto.hasOccurTime()) {
            problems.add("occur_time", "required: when the interaction happened");
        } else {
            occurredAt = instant(proto.getOccurTime());
        }
        BigDecimal amount = null;
        if (!proto.getAmount().isEmpty()) {
            try {
                amount = new BigDecimal(proto.getAmount());
                if (amount.signum() < 0) {
                    problems.add("amount", "must not be negative; record a RETURN instead");
                }
            } catch (NumberFormatException e) {
                problems.add("amount", "not a decimal number: '" + proto.getAmount() + "'");
            }
            if (!CURRENCY.matcher(proto.getCurrency()).matches()) {
                problems.add("currency", "an ISO 4217 code such as EUR is required with an amount");
            }
        } else if (!proto.getCurrency().isEmpty()) {
            problems.add("currency", "given without an amount");
        }
        if (proto.getContent().length() > MAX_CONTENT) {
            problems.add("content", "at most " + MAX_CONTENT + " characters");
        }
        if (proto.getTagsCount() > MAX_TAGS) {
            problems.add("tags", "at most " + MAX_TAGS + " tags");
        }
        return new Interaction(proto.getEventId(), channel, direction, kind, occurredAt, amount,
                emptyToNull(proto.getCurrency()), emptyToNull(proto.getContent()), emptyToNull(proto.getReference()),
                emptyToNull(proto.getCampaignId()), emptyToNull(proto.getMessageId()), proto.getTagsList(), null);
    }

    /** Checks whose consent, for which channel and purpose, a consent request names; answers the channel. */
    static Channel consentSubject(String customerId, io.rapport.proto.relationship.v1.Channel channel, String purpose,
                                  Problems problems) {
        customerId(customerId, problems.at("customer_id"));
        purpose(purpose, problems);
        return enumValue(channel.name(), "CHANNEL_", Channel.class, "channel", problems);
    }

    private static void purpose(String purpose, Problems problems) {
        if (!PURPOSE.matcher(purpose).matches()) {
            problems.add("purpose", "1 to 64 lower-case letters, digits or dashes, e.g. marketing (got '"
                    + abbreviate(purpose) + "')");
        }
    }

    static void customerId(String customerId, Problems problems) {
        if (customerId.isEmpty()) {
            problems.add("", "required");
        } else if (!RelationshipIds.CUSTOMER_ID.matcher(customerId).matches()) {
            problems.add("", "1 to 128 letters, digits or . _ : @ + - (got '" + abbreviate(customerId) + "')");
        }
    }

    static CustomerProfile profile(io.rapport.proto.relationship.v1.CustomerProfile proto, Problems problems) {
        if (!proto.getTimeZone().isEmpty()) {
            try {
                java.time.ZoneId.of(proto.getTimeZone());
            } catch (java.time.DateTimeException e) {
                problems.add("profile.time_zone", "not an IANA time zone: '" + abbreviate(proto.getTimeZone()) + "'");
            }
        }
        return new CustomerProfile(emptyToNull(proto.getFirstName()), emptyToNull(proto.getLastName()),
                emptyToNull(proto.getEmail()), emptyToNull(proto.getPhone()), emptyToNull(proto.getTimeZone()),
                emptyToNull(proto.getLocale()), proto.getAttributesMap());
    }

    static Relationship relationship(RelationshipView view) {
        Relationship.Builder builder = Relationship.newBuilder()
                .setCustomerId(view.customerId())
                .setProfile(profile(view.profile()))
                .setInteractionCount(view.interactionCount())
                .setOrderCount(view.orderCount())
                .setVersion(view.version());
        if (view.registeredAt() != null) {
            builder.setRegisterTime(timestamp(view.registeredAt()));
        }
        if (view.firstInteractionAt() != null) {
            builder.setFirstInteractionTime(timestamp(view.firstInteractionAt()));
            builder.setLastInteractionTime(timestamp(view.lastInteractionAt()));
        }
        view.countsByChannel().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                builder.addCountsByChannel(InteractionCount.newBuilder().setKey(e.getKey().name()).setCount(e.getValue())));
        view.countsByKind().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                builder.addCountsByKind(InteractionCount.newBuilder().setKey(e.getKey().name()).setCount(e.getValue())));
        view.spend().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                builder.addSpend(Spend.newBuilder().setCurrency(e.getKey()).setAmount(e.getValue().toPlainString())));
        view.recentInteractions().stream().sorted(Comparator.comparing(Interaction::occurredAt).reversed())
                .forEach(i -> builder.addRecentInteractions(interaction(i, view.customerId())));
        return builder.build();
    }

    private static io.rapport.proto.relationship.v1.CustomerProfile profile(CustomerProfile profile) {
        var builder = io.rapport.proto.relationship.v1.CustomerProfile.newBuilder().putAllAttributes(profile.attributes());
        setIfPresent(profile.firstName(), builder::setFirstName);
        setIfPresent(profile.lastName(), builder::setLastName);
        setIfPresent(profile.email(), builder::setEmail);
        setIfPresent(profile.phone(), builder::setPhone);
        setIfPresent(profile.timeZone(), builder::setTimeZone);
        setIfPresent(profile.locale(), builder::setLocale);
        return builder.build();
    }

    private static io.rapport.proto.relationship.v1.Interaction interaction(Interaction interaction, String customerId) {
        var builder = io.rapport.proto.relationship.v1.Interaction.newBuilder()
                .setEventId(interaction.eventId())
                .setCustomerId(customerId)
                .setChannel(io.rapport.proto.relationship.v1.Channel.valueOf("CHANNEL_" + interaction.channel().name()))
                .setDirection(io.rapport.proto.relationship.v1.Direction.valueOf("DIRECTION_" + interaction.direction().name()))
                .setKind(io.rapport.proto.relationship.v1.InteractionKind.valueOf("INTERACTION_KIND_" + interaction.kind().name()))
                .setOccurTime(timestamp(interaction.occurredAt()))
                .addAllTags(interaction.tags());
        setIfPresent(interaction.amount() == null ? null : interaction.amount().toPlainString(), builder::setAmount);
        setIfPresent(interaction.currency(), builder::setCurrency);
        setIfPresent(interaction.content(), builder::setContent);
        setIfPresent(interaction.reference(), builder::setReference);
        setIfPresent(interaction.campaignId(), builder::setCampaignId);
        setIfPresent(interaction.messageId(), builder::setMessageId);
        if (interaction.sentiment() != null) {
            Sentiment sentiment = interaction.sentiment();
            builder.setSentiment(SentimentScore.newBuilder().setNegative(sentiment.negative())
                    .setNeutral(sentiment.neutral()).setPositive(sentiment.positive()).setCompound(sentiment.compound()));
        }
        return builder.build();
    }

    private static <E extends Enum<E>> E enumValue(String protoName, String prefix, Class<E> type, String field,
                                                   Problems problems) {
        if (protoName.equals("UNRECOGNIZED") || !protoName.startsWith(prefix) || protoName.endsWith("_UNSPECIFIED")) {
            problems.add(field, "required");
            return null;
        }
        return Enum.valueOf(type, protoName.substring(prefix.length()));
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    private static void setIfPresent(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
