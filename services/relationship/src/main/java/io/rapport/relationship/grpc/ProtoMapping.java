package io.rapport.relationship.grpc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Timestamp;
import io.rapport.platform.grpc.ProtoTime;
import io.rapport.platform.bounds.Bounds;
import io.rapport.proto.relationship.v1.InteractionCount;
import io.rapport.proto.relationship.v1.Relationship;
import io.rapport.proto.relationship.v1.SentimentScore;
import io.rapport.proto.relationship.v1.Spend;
import io.rapport.proto.relationship.v1.Stage;
import io.rapport.proto.relationship.v1.TimelineEntry;
import io.rapport.relationship.api.Channel;
import io.rapport.relationship.api.ConsentState;
import io.rapport.relationship.api.CustomerProfile;
import io.rapport.relationship.api.CustomerRules;
import io.rapport.relationship.api.CustomerUpsert;
import io.rapport.relationship.api.Direction;
import io.rapport.relationship.api.Identifier;
import io.rapport.relationship.api.IdentifierType;
import io.rapport.relationship.api.ImportJob;
import io.rapport.relationship.api.Interaction;
import io.rapport.relationship.api.InteractionKind;
import io.rapport.relationship.api.InteractionRules;
import io.rapport.relationship.api.Prediction;
import io.rapport.relationship.api.PurchaseModelFit;
import io.rapport.relationship.api.RelationshipView;
import io.rapport.relationship.api.ReplayJob;
import io.rapport.relationship.api.Sentiment;

/**
 * Translates between the gRPC contract and the service's own messages, refusing what is invalid with every
 * problem named (field path and cause), so that a client can fix a whole batch at once.
 */
final class ProtoMapping {

    static final int MAX_BATCH = 1_000;

    private ProtoMapping() {
    }

    static List<Interaction> interactions(List<io.rapport.proto.relationship.v1.Interaction> batch, Instant now,
                                          Problems problems) {
        if (batch.isEmpty()) {
            problems.add("interactions", "at least one interaction is required");
        }
        if (batch.size() > MAX_BATCH) {
            problems.add("interactions", "at most " + MAX_BATCH + " interactions per batch, got " + batch.size());
            return List.of();
        }
        List<Interaction> interactions = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            interactions.add(interaction(batch.get(i), now, problems.at("interactions[" + i + "]")));
        }
        return interactions;
    }

    static Interaction interaction(io.rapport.proto.relationship.v1.Interaction proto, Instant now, Problems problems) {
        Channel channel = enumValue(proto.getChannel().name(), "CHANNEL_", Channel.class, "channel", problems);
        Direction direction = enumValue(proto.getDirection().name(), "DIRECTION_", Direction.class, "direction", problems);
        InteractionKind kind = enumValue(proto.getKind().name(), "INTERACTION_KIND_", InteractionKind.class, "kind", problems);
        Instant occurredAt = null;
        if (!proto.hasOccurTime()) {
            problems.add("occurredAt", "required: when the interaction happened");
        } else {
            occurredAt = instant(proto.getOccurTime());
        }
        BigDecimal amount = null;
        if (!proto.getAmount().isEmpty()) {
            try {
                amount = new BigDecimal(proto.getAmount());
            } catch (NumberFormatException e) {
                problems.add("amount", "not a decimal number: '" + InteractionRules.abbreviate(proto.getAmount()) + "'");
            }
        }
        Interaction interaction = new Interaction(proto.getEventId(), channel, direction, kind, occurredAt, amount,
                emptyToNull(proto.getCurrency()), emptyToNull(proto.getContent()), emptyToNull(proto.getReference()),
                emptyToNull(proto.getCampaignId()), emptyToNull(proto.getMessageId()), proto.getTagsList(), null);
        if (proto.hasCustomerIdentifier()) {
            if (!proto.getCustomerId().isEmpty()) {
                problems.add("customerIdentifier", "give customerId or customerIdentifier, not both");
            }
            identifier(proto.getCustomerIdentifier(), problems.at("customerIdentifier"));
        } else {
            customerId(proto.getCustomerId(), problems.at("customerId"));
        }
        InteractionRules.check(interaction, now, problems::add);
        return interaction;
    }

    /** A normalized identifier, or null with the problem reported. */
    static Identifier identifier(io.rapport.proto.relationship.v1.Identifier proto, Problems problems) {
        IdentifierType type = enumValue(proto.getType().name(), "IDENTIFIER_TYPE_", IdentifierType.class, "type",
                problems);
        if (type == null) {
            return null;
        }
        try {
            return Identifier.of(type, proto.getValue());
        } catch (IllegalArgumentException e) {
            problems.add("", e.getMessage());
            return null;
        }
    }

    static List<Identifier> identifiers(List<io.rapport.proto.relationship.v1.Identifier> protos, Problems problems) {
        List<Identifier> identifiers = new ArrayList<>();
        if (protos.size() > Bounds.MAX_IDENTIFIERS) {
            problems.add("identifiers", "at most " + Bounds.MAX_IDENTIFIERS + " identifiers, got " + protos.size());
            return identifiers;
        }
        for (int i = 0; i < protos.size(); i++) {
            Identifier identifier = identifier(protos.get(i), problems.at("identifiers[" + i + "]"));
            if (identifier != null) {
                identifiers.add(identifier);
            }
        }
        return identifiers;
    }

    static io.rapport.proto.relationship.v1.Identifier identifier(Identifier identifier) {
        return io.rapport.proto.relationship.v1.Identifier.newBuilder()
                .setType(io.rapport.proto.relationship.v1.IdentifierType.valueOf("IDENTIFIER_TYPE_"
                        + identifier.type().name()))
                .setValue(identifier.value()).build();
    }

    /** Checks whose consent, for which channel and purpose, a consent request names; answers the channel. */
    static Channel consentSubject(String customerId, io.rapport.proto.relationship.v1.Channel channel, String purpose,
                                  Problems problems) {
        customerId(customerId, problems.at("customerId"));
        CustomerRules.checkPurpose(purpose, problems::add);
        return enumValue(channel.name(), "CHANNEL_", Channel.class, "channel", problems);
    }

    static void customerId(String customerId, Problems problems) {
        InteractionRules.checkCustomerId(customerId, problem -> problems.add("", problem));
    }

    static CustomerProfile profile(io.rapport.proto.relationship.v1.CustomerProfile proto, Problems problems) {
        CustomerProfile profile = profile(proto);
        CustomerRules.checkProfile(profile, problems::add);
        return profile;
    }

    /** The profile as given: empty fields are absent. */
    private static CustomerProfile profile(io.rapport.proto.relationship.v1.CustomerProfile proto) {
        return new CustomerProfile(emptyToNull(proto.getFirstName()), emptyToNull(proto.getLastName()),
                emptyToNull(proto.getEmail()), emptyToNull(proto.getPhone()), emptyToNull(proto.getTimeZone()),
                emptyToNull(proto.getLocale()), proto.getAttributesMap());
    }

    /** The batch's customers, each checked as {@link CustomerRules#checkUpsert} checks a customer. */
    static List<CustomerUpsert> upserts(List<io.rapport.proto.relationship.v1.CustomerUpsert> batch, Instant now,
                                        Problems problems) {
        if (batch.isEmpty()) {
            problems.add("customers", "at least one customer is required");
        }
        if (batch.size() > CustomerRules.MAX_BATCH) {
            problems.add("customers", "at most " + CustomerRules.MAX_BATCH + " customers per batch, got "
                    + batch.size());
            return List.of();
        }
        List<CustomerUpsert> upserts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            var proto = batch.get(i);
            Problems at = problems.at("customers[" + i + "]");
            CustomerProfile profile = profile(proto.getProfile());
            List<Identifier> identifiers = identifiers(proto.getIdentifiersList(), at);
            List<CustomerUpsert.Consent> consents = new ArrayList<>();
            for (int c = 0; c < proto.getConsentsCount(); c++) {
                var consent = proto.getConsents(c);
                Channel channel = enumValue(consent.getChannel().name(), "CHANNEL_", Channel.class,
                        "consents[" + c + "].channel", at);
                consents.add(new CustomerUpsert.Consent(channel, consent.getPurpose(), consent.getGranted(),
                        consent.getSource(), consent.hasChangeTime() ? instant(consent.getChangeTime()) : now));
            }
            CustomerUpsert upsert = new CustomerUpsert(emptyToNull(proto.getCustomerId()), profile, identifiers,
                    consents);
            CustomerRules.checkUpsert(upsert, now, at::add);
            upserts.add(upsert);
        }
        return upserts;
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
        if (view.lastPurchaseAt() != null) {
            builder.setLastPurchaseTime(timestamp(view.lastPurchaseAt()));
        }
        if (view.lastActivityAt() != null) {
            builder.setLastActivityTime(timestamp(view.lastActivityAt()));
        }
        view.averageOrderValue().forEach((currency, amount) ->
                builder.addAverageOrderValue(Spend.newBuilder().setCurrency(currency).setAmount(amount.toPlainString())));
        view.consents().forEach(c -> builder.addConsents(consent(c)));
        builder.setStage(Stage.valueOf("STAGE_" + view.stage().name()));
        if (view.sentiment() != null) {
            builder.setSentiment(io.rapport.proto.relationship.v1.SentimentTrend.newBuilder()
                    .setAverage(view.sentiment().average()).setLatest(view.sentiment().latest())
                    .setReadings(view.sentiment().readings()).setDirection(view.sentiment().direction()));
        }
        if (view.preferredChannel() != null) {
            builder.setPreferredChannel(channel(view.preferredChannel()));
        }
        if (view.bestSendHour() != null) {
            builder.setBestSendHour(view.bestSendHour());
        }
        builder.setTimeZone(view.timeZone()).addAllInterests(view.interests()).setReadTime(timestamp(view.asOf()))
                .setErased(view.erased()).addAllMergedCustomerIds(view.mergedCustomers());
        view.identifiers().forEach(i -> builder.addIdentifiers(identifier(i)));
        setIfPresent(view.mergedInto(), builder::setMergedIntoCustomerId);
        Prediction prediction = view.prediction();
        if (prediction != null) {
            builder.setPrediction(io.rapport.proto.relationship.v1.Prediction.newBuilder()
                    .setProbabilityAlive(prediction.probabilityAlive())
                    .setExpectedPurchases(prediction.expectedPurchases())
                    .setExpectedAverageSpend(prediction.expectedAverageSpend())
                    .setExpectedValue(prediction.expectedValue()).setHorizonDays(prediction.horizonDays())
                    .setChurnRisk(prediction.churnRisk()).setBigSpender(prediction.bigSpender())
                    .setFitId(prediction.fitId()));
        }
        return builder.build();
    }

    static io.rapport.proto.relationship.v1.ConsentState consent(ConsentState consent) {
        var builder = io.rapport.proto.relationship.v1.ConsentState.newBuilder().setChannel(channel(consent.channel()))
                .setPurpose(consent.purpose()).setGranted(consent.granted()).setChangeTime(timestamp(consent.at()));
        setIfPresent(consent.source(), builder::setSource);
        return builder.build();
    }

    static TimelineEntry timelineEntry(io.rapport.relationship.api.TimelineEntry entry) {
        var builder = TimelineEntry.newBuilder().setType(TimelineEntry.Type.valueOf("TYPE_" + entry.type()))
                .setTime(timestamp(entry.at())).setRecordTime(timestamp(entry.recordedAt()))
                .setCustomerId(entry.customerId());
        if (entry.interaction() != null) {
            builder.setInteraction(interaction(entry.interaction(), entry.customerId()));
        }
        if (entry.consent() != null) {
            builder.setConsent(consent(entry.consent()));
        }
        setIfPresent(entry.otherCustomerId(), builder::setOtherCustomerId);
        return builder.build();
    }

    static io.rapport.proto.relationship.v1.PurchaseModelFit fit(PurchaseModelFit fit) {
        var builder = io.rapport.proto.relationship.v1.PurchaseModelFit.newBuilder().setId(fit.id())
                .setAsOfTime(timestamp(fit.asOf())).setFitTime(timestamp(fit.fittedAt()))
                .setR(fit.r()).setAlpha(fit.alpha()).setA(fit.a()).setB(fit.b())
                .setLogLikelihood(fit.logLikelihood()).setP(fit.p()).setQ(fit.q()).setGamma(fit.gamma())
                .setSpendLogLikelihood(fit.spendLogLikelihood()).setCustomers(fit.customers())
                .setBigSpenderThreshold(fit.bigSpenderThreshold());
        setIfPresent(fit.currency(), builder::setCurrency);
        return builder.build();
    }

    static io.rapport.proto.relationship.v1.ImportJob importJob(ImportJob job) {
        var builder = io.rapport.proto.relationship.v1.ImportJob.newBuilder().setId(job.id())
                .setFormat(io.rapport.proto.relationship.v1.ImportFormat.valueOf("IMPORT_FORMAT_" + job.format().name()))
                .setStatus(io.rapport.proto.relationship.v1.ImportJob.Status.valueOf("STATUS_" + job.status()))
                .addAllFiles(job.files()).setBytesTotal(job.bytesTotal()).setBytesRead(job.bytesRead())
                .setRowsRead(job.rowsRead()).setRowsImported(job.rowsImported()).setRowsSkipped(job.rowsSkipped())
                .addAllSkipExamples(job.skipExamples()).setRecorded(job.recorded()).setDuplicates(job.duplicates())
                .setStartTime(timestamp(job.startedAt()));
        job.skipReasons().forEach((reason, rows) -> builder.addSkipReasons(
                io.rapport.proto.relationship.v1.ImportJob.SkipReason.newBuilder().setReason(reason).setRows(rows)));
        if (job.finishedAt() != null) {
            builder.setFinishTime(timestamp(job.finishedAt()));
        }
        setIfPresent(job.error(), builder::setError);
        return builder.build();
    }

    static io.rapport.proto.relationship.v1.ReplayJob replayJob(ReplayJob job) {
        var builder = io.rapport.proto.relationship.v1.ReplayJob.newBuilder().setId(job.id()).setStatus(job.status())
                .setEventsUnapplied(job.eventsUnapplied())
                .setPhase(job.phase()).setEventsDone(job.eventsDone()).setEventsTotal(job.eventsTotal())
                .setEventsPerSecond(job.eventsPerSecond()).setStartTime(timestamp(job.startedAt()));
        if (job.etaSeconds() != null) {
            builder.setEtaSeconds(job.etaSeconds());
        }
        if (job.finishedAt() != null) {
            builder.setFinishTime(timestamp(job.finishedAt()));
        }
        setIfPresent(job.error(), builder::setError);
        return builder.build();
    }

    static io.rapport.proto.relationship.v1.Channel channel(Channel channel) {
        return io.rapport.proto.relationship.v1.Channel.valueOf("CHANNEL_" + channel.name());
    }

    /** Channels named in a filter; unspecified or unknown values are problems at {@code field}. */
    static Set<Channel> channels(List<io.rapport.proto.relationship.v1.Channel> channels, String field,
                                 Problems problems) {
        Set<Channel> result = EnumSet.noneOf(Channel.class);
        for (int i = 0; i < channels.size(); i++) {
            Channel channel = enumValue(channels.get(i).name(), "CHANNEL_", Channel.class, field + "[" + i + "]",
                    problems);
            if (channel != null) {
                result.add(channel);
            }
        }
        return result;
    }

    static Set<InteractionKind> kinds(List<io.rapport.proto.relationship.v1.InteractionKind> kinds, String field,
                                      Problems problems) {
        Set<InteractionKind> result = EnumSet.noneOf(InteractionKind.class);
        for (int i = 0; i < kinds.size(); i++) {
            InteractionKind kind = enumValue(kinds.get(i).name(), "INTERACTION_KIND_", InteractionKind.class,
                    field + "[" + i + "]", problems);
            if (kind != null) {
                result.add(kind);
            }
        }
        return result;
    }

    /** Timeline entry types as the query names them ({@link io.rapport.relationship.api.TimelineEntry#type()}). */
    static Set<String> entryTypes(List<TimelineEntry.Type> types, String field, Problems problems) {
        Set<String> result = new HashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String name = types.get(i).name();
            if (name.equals("UNRECOGNIZED") || name.equals("TYPE_UNSPECIFIED")) {
                problems.add(field + "[" + i + "]", "required");
            } else {
                result.add(name.substring("TYPE_".length()));
            }
        }
        return result;
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
                .setChannel(channel(interaction.channel()))
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
            builder.setSentiment(sentiment(interaction.sentiment()));
        }
        return builder.build();
    }

    static SentimentScore sentiment(Sentiment sentiment) {
        return SentimentScore.newBuilder().setNegative(sentiment.negative()).setNeutral(sentiment.neutral())
                .setPositive(sentiment.positive()).setCompound(sentiment.compound()).build();
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
        return ProtoTime.timestamp(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return ProtoTime.instant(timestamp);
    }

    /** An optional time within the platform's range ({@link Bounds#instant}); null when absent or refused. */
    static Instant time(boolean present, Timestamp timestamp, String field, Problems problems) {
        if (!present) {
            return null;
        }
        Instant time = instant(timestamp);
        String problem = Bounds.instant(time);
        problems.addIf(problem, field);
        return problem == null ? time : null;
    }

    private static void setIfPresent(String value, java.util.function.Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
