package io.rapport.relationship.api;

/** Kinds of identifiers a customer can be known by; each identifier is unique within a workspace. */
public enum IdentifierType {
    EMAIL,
    PHONE,
    /** A social network handle, written {@code network:handle}, e.g. {@code twitter:adalovelace}. */
    SOCIAL,
    /** An id in another system, written {@code system:id}, e.g. {@code shopify:4711}. */
    EXTERNAL
}
