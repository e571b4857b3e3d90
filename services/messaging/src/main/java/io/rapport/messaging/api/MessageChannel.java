package io.rapport.messaging.api;

/**
 * Where a message goes. Only EMAIL is delivered so far; the others arrive with their adapters. PREFERRED is
 * resolved, before anything is recorded, to the customer's preferred channel (their best response rate).
 */
public enum MessageChannel { EMAIL, SMS, PUSH, SOCIAL, WEBHOOK, PREFERRED }
