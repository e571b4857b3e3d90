package io.rapport.campaign.delivery;

import io.rapport.platform.crypto.Digests;

/**
 * Idempotency keys of sends, derived from what is sent to whom: {@code campaign:<id>:send:<customer>},
 * {@code journey:<id>:<run>:<step>:<customer>}. The same step for the same person always has the same key, so a
 * retry or a restart cannot send twice. A key longer than messaging takes (128) ends in a digest instead.
 */
public final class SendKeys {

    private static final int MAX = 128;

    private SendKeys() {
    }

    public static String campaign(String campaignId, String customerId) {
        return key("campaign:" + campaignId + ":send:", customerId);
    }

    public static String journey(String journeyId, int run, String stepId, String customerId) {
        return key("journey:" + journeyId + ":" + run + ":" + stepId + ":", customerId);
    }

    private static String key(String prefix, String customerId) {
        String key = prefix + customerId;
        if (key.length() <= MAX) {
            return key;
        }
        String digest = Digests.sha256Hex(key).substring(0, 40);
        return key.substring(0, MAX - digest.length() - 1) + "+" + digest;
    }
}
