package io.rapport.relationship.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * Start a bulk import of uploaded files; answered with the queued {@link ImportJob}. The job deletes the files
 * when it is done.
 *
 * @param mapping for {@link ImportFormat#CSV}: interaction field → column name or "=constant"
 * @param files   file name as uploaded → where the upload is
 */
public record StartImportCommand(String tenant, ImportFormat format, Map<String, String> mapping,
                                 Map<String, Path> files) {
}
