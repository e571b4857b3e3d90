package io.rapport.relationship.api;

/**
 * Where a customer stands with the brand at a given time. The rules, checked in this order, are in
 * {@code RelationshipRules#stage}: no activity yet → NEW; last activity over 180 days ago → LAPSED; over 90 days
 * → AT_RISK; first interaction within 30 days → NEW; 4+ orders and a purchase within 180 days → LOYAL; a response
 * (open, click, reply, inbound message, visit) within 30 days → ENGAGED; otherwise ACTIVE.
 */
public enum Stage { NEW, ACTIVE, ENGAGED, LOYAL, AT_RISK, LAPSED }
