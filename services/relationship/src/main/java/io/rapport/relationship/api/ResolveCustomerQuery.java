package io.rapport.relationship.api;

/** The customer holding an identifier in a workspace; answered with their id, or null if nobody holds it. */
public record ResolveCustomerQuery(String tenant, Identifier identifier) {
}
