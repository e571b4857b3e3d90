package io.rapport.relationship.api;

/** What recording one interaction did. */
public enum InteractionOutcome {
    RECORDED,
    /** Its event id was recorded before: nothing changed. */
    DUPLICATE,
    /** The customer was forgotten: nothing about them is recorded any more. */
    ERASED
}
