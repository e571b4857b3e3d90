package io.rapport.messaging.api;

/** Transactional messages (receipts, resets) are exempt from marketing caps; marketing ones are not. */
public enum MessagePurpose { TRANSACTIONAL, MARKETING }
