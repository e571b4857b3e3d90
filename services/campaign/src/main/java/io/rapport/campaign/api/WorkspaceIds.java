package io.rapport.campaign.api;

/** Segments, campaigns and journeys are identified by their workspace and their id: {@code "<tenant>/<id>"}. */
public final class WorkspaceIds {

    private WorkspaceIds() {
    }

    public static String of(String tenant, String id) {
        return tenant + "/" + id;
    }
}
