package io.rapport.platform.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Instants to and from {@code google.protobuf.Timestamp}, to the nanosecond. */
public final class ProtoTime {

    private ProtoTime() {
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
