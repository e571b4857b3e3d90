package io.rapport.relationship.api;

/** What an interaction was. */
public enum InteractionKind { PURCHASE, RETURN, MESSAGE, OPEN, CLICK, REPLY, VISIT, COMPLAINT, UNSUBSCRIBE, SUPPRESSED, FAILED,
    DELIVERED, BOUNCED }
