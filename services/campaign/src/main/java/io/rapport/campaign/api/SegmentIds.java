package io.rapport.campaign.api;

/** A segment is identified by its workspace and its id: {@code "<tenant>/<segmentId>"}. */
public final class SegmentIds {

    private SegmentIds() {
    }

    public static String of(String tenant, String segmentId) {
        return tenant + "/" + segmentId;
    }
}
