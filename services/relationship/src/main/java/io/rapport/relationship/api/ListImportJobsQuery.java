package io.rapport.relationship.api;

/**
 * A page of a workspace's import jobs, newest first, answered with an {@link ImportJobPage}.
 *
 * @param pageToken from the previous page; null for the first
 */
public record ListImportJobsQuery(String tenant, int pageSize, String pageToken) {
}
