package io.rapport.relationship.api;

import java.time.Instant;

/** The consent in force for one channel and purpose: the change with the latest effective time decides. */
public record ConsentState(Channel channel, String purpose, boolean granted, Instant at, String source) {
}
