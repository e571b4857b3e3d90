package io.rapport.relationship.api;

import java.util.List;

/** Import jobs, newest first; {@code nextPageToken} is null on the last page. */
public record ImportJobPage(List<ImportJob> jobs, String nextPageToken) {
}
