package io.rapport.campaign.delivery;

import java.nio.ByteBuffer;
import java.util.List;

import io.rapport.campaign.api.Variant;
import io.rapport.platform.crypto.Digests;

/**
 * Who gets which variant, and who is held out: decided by a digest of the campaign and the customer, so the same
 * person always lands in the same group (a restart, a preview and the report agree) and groups are unbiased.
 */
public final class Assignment {

    public static final String CONTROL = "control";
    private static final int BASIS_POINTS = 10_000;

    private Assignment() {
    }

    /** The variant id, or {@link #CONTROL}. */
    public static String of(String campaignId, String customerId, int controlPercent, List<Variant> variants) {
        ByteBuffer digest = ByteBuffer.wrap(Digests.sha256(campaignId + "|" + customerId));
        if (Math.floorMod(digest.getLong(), BASIS_POINTS) < controlPercent * (BASIS_POINTS / 100)) {
            return CONTROL;
        }
        int total = variants.stream().mapToInt(Variant::weight).sum();
        long pick = Math.floorMod(digest.getLong(), total);
        for (Variant variant : variants) {
            pick -= variant.weight();
            if (pick < 0) {
                return variant.variantId();
            }
        }
        throw new IllegalStateException("weights must be positive");
    }
}
