package io.rapport.relationship.api;

/** Where an interaction happened. */
public enum Channel { EMAIL, SMS, PUSH, SOCIAL, WEB, APP, STORE, SUPPORT, PHONE }
