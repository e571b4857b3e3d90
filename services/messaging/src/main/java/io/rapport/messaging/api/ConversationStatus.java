package io.rapport.messaging.api;

/** OPEN: the customer wrote last; PENDING: an agent answered; CLOSED: done (a new message from the customer reopens it). */
public enum ConversationStatus { OPEN, PENDING, CLOSED }
