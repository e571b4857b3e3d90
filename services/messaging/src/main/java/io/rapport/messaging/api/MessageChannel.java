package io.rapport.messaging.api;

/** Where a message goes. Only EMAIL is delivered so far; the others arrive with their adapters. */
public enum MessageChannel { EMAIL, SMS, PUSH, SOCIAL, WEBHOOK }
