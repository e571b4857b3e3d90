package io.rapport.gateway.relationship;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.proto.relationship.v1.Interaction;
import io.rapport.proto.relationship.v1.InteractionCount;
import io.rapport.proto.relationship.v1.Relationship;

/** {@code GET /v1/customers/{id}}: the relationship view as JSON; absent values are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CustomerResponses(String id, Map<String, Object> profile, Instant registeredAt, long interactionCount,
                         Map<String, Long> countsByChannel, Map<String, Long> countsByKind,
                         Instant firstInteractionAt, Instant lastInteractionAt, long orderCount,
                         Map<String, String> spend, List<InteractionJson> recentInteractions, long version) {

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
        Map<String, String> spend = new LinkedHashMap<>();
        relationship.getSpendList().forEach(s -> spend.put(s.getCurrency(), s.getAmount()));
        return new CustomerResponses(relationship.getCustomerId(), profileJson,
                relationship.hasRegisterTime() ? RequestValues.instant(relationship.getRegisterTime()) : null,
                relationship.getInteractionCount(), counts(relationship.getCountsByChannelList()),
                counts(relationship.getCountsByKindList()),
                relationship.hasFirstInteractionTime()
                        ? RequestValues.instant(relationship.getFirstInteractionTime()) : null,
                relationship.hasLastInteractionTime()
                        ? RequestValues.instant(relationship.getLastInteractionTime()) : null,
                relationship.getOrderCount(), spend,
                relationship.getRecentInteractionsList().stream().map(CustomerResponses::interaction).toList(),
                relationship.getVersion());
    }

    private static InteractionJson interaction(Interaction i) {
        return new InteractionJson(i.getEventId(), i.getChannel().name().substring("CHANNEL_".length()),
                i.getDirection().name().substring("DIRECTION_".length()),
                i.getKind().name().substring("INTERACTION_KIND_".length()), RequestValues.instant(i.getOccurTime()),
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
