package io.rapport.relationship.api;

import java.util.List;

/** Recorded fits, newest first; {@code nextPageToken} is null on the last page. */
public record PurchaseModelFitPage(List<PurchaseModelFit> fits, String nextPageToken) {
}
