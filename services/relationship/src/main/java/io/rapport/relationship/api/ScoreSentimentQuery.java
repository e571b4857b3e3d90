package io.rapport.relationship.api;

/** The tone of a text, read as inbound interactions are; answered with a {@link Sentiment}. */
public record ScoreSentimentQuery(String text) {
}
