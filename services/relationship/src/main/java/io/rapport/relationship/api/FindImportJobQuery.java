package io.rapport.relationship.api;

/** One import job of a workspace; answered with an {@link ImportJob} or null. */
public record FindImportJobQuery(String tenant, String id) {
}
