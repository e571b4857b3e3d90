package io.rapport.gateway.relationship;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.gateway.web.RequestValues;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionCount;
import io.rapport.proto.relationship.v1.Relationship;

/** {@code GET /v1/customers/{id}}: the relationship view as JSON; absent values are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CustomerResponses(String id, Map<String, Object> profile, Instant registeredAt, long interactionCount,
                         Map<String, Long> countsByChannel, Map<String, Long> countsByKind,
                         Instant firstInteractionAt, Instant lastInteractionAt, Instant lastActivityAt,
                         Instant lastPurchaseAt, long orderCount, Map<String, String> spend, Map<String, String> averageOrderValue,
                         List<ConsentJson> consents, String stage, SentimentTrendJson sentiment,
                         String preferredChannel, Integer bestSendHour, String timeZone, List<String> interests,
                         PredictionJson prediction, List<InteractionJson> recentInteractions, long version,
                         Instant readAt, boolean erased, List<CustomerRequests.IdentifierBody> identifiers,
                         String mergedInto, List<String> mergedCustomers) {

    record ConsentJson(String channel, String purpose, boolean granted, Instant at, String source) {
    }

    record SentimentTrendJson(double average, double latest, int readings, String direction) {
    }

    /** What the workspace's purchase models expect of the customer over {@code horizonDays}. */
    record PredictionJson(double pAlive, double expectedPurchases, double expectedAverageSpend, double expectedValue,
                          int horizonDays, boolean churnRisk, boolean bigSpender, String fitId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InteractionJson(String eventId, String channel, String direction, String kind, Instant occurredAt,
                           String amount, String currency, String content, String reference, String campaignId,
                           String messageId, List<String> tags, SentimentJson sentiment) {
    }

    /** VADER's reading of inbound text, fixed when it was recorded. */
    record SentimentJson(double negative, double neutral, double positive, double compound) {
    }

    static CustomerResponses of(Relationship relationship) {
        var profile = relationship.getProfile();
        Map<String, Object> profileJson = new LinkedHashMap<>();
        putIfSet(profileJson, "firstName", profile.getFirstName());
        putIfSet(profileJson, "lastName", profile.getLastName());
        putIfSet(profileJson, "email", profile.getEmail());
        putIfSet(profileJson, "phone", profile.getPhone());
        putIfSet(profileJson, "timeZone", profile.getTimeZone());
        putIfSet(profileJson, "locale", profile.getLocale());
        profileJson.put("attributes", profile.getAttributesMap());
        var sentiment = relationship.getSentiment();
        var prediction = relationship.getPrediction();
        return new CustomerResponses(relationship.getCustomerId(), profileJson,
                relationship.hasRegisterTime() ? RequestValues.instant(relationship.getRegisterTime()) : null,
                relationship.getInteractionCount(), counts(relationship.getCountsByChannelList()),
                counts(relationship.getCountsByKindList()),
                relationship.hasFirstInteractionTime()
                        ? RequestValues.instant(relationship.getFirstInteractionTime()) : null,
                relationship.hasLastInteractionTime()
                        ? RequestValues.instant(relationship.getLastInteractionTime()) : null,
                relationship.hasLastActivityTime() ? RequestValues.instant(relationship.getLastActivityTime()) : null,
                relationship.hasLastPurchaseTime() ? RequestValues.instant(relationship.getLastPurchaseTime()) : null,
                relationship.getOrderCount(), amounts(relationship.getSpendList()),
                amounts(relationship.getAverageOrderValueList()),
                relationship.getConsentsList().stream().map(CustomerResponses::consent).toList(),
                unprefixed(relationship.getStage().name(), "STAGE_"),
                relationship.hasSentiment() ? new SentimentTrendJson(sentiment.getAverage(), sentiment.getLatest(),
                        sentiment.getReadings(), sentiment.getDirection()) : null,
                relationship.getPreferredChannelValue() == 0 ? null
                        : unprefixed(relationship.getPreferredChannel().name(), "CHANNEL_"),
                relationship.hasBestSendHour() ? relationship.getBestSendHour() : null, relationship.getTimeZone(),
                relationship.getInterestsList(),
                relationship.hasPrediction() ? new PredictionJson(prediction.getProbabilityAlive(),
                        prediction.getExpectedPurchases(), prediction.getExpectedAverageSpend(),
                        prediction.getExpectedValue(), prediction.getHorizonDays(), prediction.getChurnRisk(),
                        prediction.getBigSpender(), prediction.getFitId()) : null,
                relationship.getRecentInteractionsList().stream().map(CustomerResponses::interaction).toList(),
                relationship.getVersion(),
                relationship.hasReadTime() ? RequestValues.instant(relationship.getReadTime()) : null,
                relationship.getErased(),
                relationship.getIdentifiersList().stream().map(i -> new CustomerRequests.IdentifierBody(
                        unprefixed(i.getType().name(), "IDENTIFIER_TYPE_"), i.getValue())).toList(),
                emptyToNull(relationship.getMergedIntoCustomerId()), relationship.getMergedCustomerIdsList());
    }

    static ConsentJson consent(io.rapport.proto.relationship.v1.ConsentState consent) {
        return new ConsentJson(unprefixed(consent.getChannel().name(), "CHANNEL_"), consent.getPurpose(),
                consent.getGranted(), RequestValues.instant(consent.getChangeTime()), emptyToNull(consent.getSource()));
    }

    private static Map<String, String> amounts(List<io.rapport.proto.relationship.v1.Spend> amounts) {
        Map<String, String> map = new LinkedHashMap<>();
        amounts.forEach(s -> map.put(s.getCurrency(), s.getAmount()));
        return map;
    }

    static String unprefixed(String protoName, String prefix) {
        return protoName.startsWith(prefix) ? protoName.substring(prefix.length()) : protoName;
    }

    static InteractionJson interaction(Interaction i) {
        return new InteractionJson(i.getEventId(), unprefixed(i.getChannel().name(), "CHANNEL_"),
                unprefixed(i.getDirection().name(), "DIRECTION_"),
                unprefixed(i.getKind().name(), "INTERACTION_KIND_"), RequestValues.instant(i.getOccurTime()),
                emptyToNull(i.getAmount()), emptyToNull(i.getCurrency()), emptyToNull(i.getContent()),
                emptyToNull(i.getReference()), emptyToNull(i.getCampaignId()), emptyToNull(i.getMessageId()),
                i.getTagsList(), i.hasSentiment() ? new SentimentJson(i.getSentiment().getNegative(),
                        i.getSentiment().getNeutral(), i.getSentiment().getPositive(), i.getSentiment().getCompound())
                        : null);
    }

    private static Map<String, Long> counts(List<InteractionCount> counts) {
        Map<String, Long> map = new LinkedHashMap<>();
        counts.forEach(c -> map.put(c.getKey(), c.getCount()));
        return map;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
