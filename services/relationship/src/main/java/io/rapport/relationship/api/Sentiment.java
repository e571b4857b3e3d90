package io.rapport.relationship.api;

/**
 * VADER's scores of one text: the proportions of negative, neutral and positive content, and the normalized
 * compound score in [-1, 1] (about -0.05 and below reads negative, 0.05 and above positive).
 */
public record Sentiment(double negative, double neutral, double positive, double compound) {
}
