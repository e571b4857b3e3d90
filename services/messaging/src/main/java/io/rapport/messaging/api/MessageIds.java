package io.rapport.messaging.api;

/** A message is identified by its workspace and the sender's idempotency key: {@code "<tenant>/<key>"}. */
public final class MessageIds {

    private MessageIds() {
    }

    public static String of(String tenant, String idempotencyKey) {
        return tenant + "/" + idempotencyKey;
    }
}
