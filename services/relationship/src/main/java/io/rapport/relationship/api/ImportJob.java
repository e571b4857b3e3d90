package io.rapport.relationship.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bulk import, while it runs and after: progress and the final report.
 *
 * @param status         RUNNING, SUCCEEDED or FAILED (with {@code error})
 * @param rowsImported   rows that became (part of) a recorded or already-recorded interaction
 * @param skipReasons    rows skipped, by reason
 * @param skipExamples   the first skipped rows, as "file:line: reason"
 * @param recorded       interactions newly recorded
 * @param duplicates     interactions that were already recorded (an import repeated changes nothing)
 */
public record ImportJob(String id, String tenant, ImportFormat format, String status, List<String> files,
                        long bytesTotal, long bytesRead, long rowsRead, long rowsImported, long rowsSkipped,
                        Map<String, Long> skipReasons, List<String> skipExamples, long recorded, long duplicates,
                        Instant startedAt, Instant finishedAt, String error) {
}
