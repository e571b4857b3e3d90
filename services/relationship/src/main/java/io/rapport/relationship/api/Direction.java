package io.rapport.relationship.api;

/** Who started an interaction: the customer (INBOUND) or the brand (OUTBOUND). */
public enum Direction { INBOUND, OUTBOUND }
