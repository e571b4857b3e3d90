package io.rapport.gateway.relationship;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.rapport.gateway.web.InvalidRequestException;
import io.rapport.gateway.web.RequestValues;
import io.rapport.gateway.web.RestDoc;
import io.rapport.gateway.web.Workspace;
import io.rapport.proto.relationship.v1.GetImportRequest;
import io.rapport.proto.relationship.v1.ImportFormat;
import io.rapport.proto.relationship.v1.ImportJob;
import io.rapport.proto.relationship.v1.ListImportsRequest;
import io.rapport.proto.relationship.v1.ListImportsResponse;
import io.rapport.proto.relationship.v1.StartImportRequest;
import io.rapport.proto.relationship.v1.StartImportResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * Bulk imports: the files are streamed to the relationship service, which imports them as a job; the job's
 * progress and final report are read back by id.
 */
@Tag(name = "Imports", description = "Bulk files of customers or interactions, run as jobs.")
@RestController
public class ImportController {

    private static final Duration UPLOAD_DEADLINE = Duration.ofMinutes(30);
    private static final int CHUNK = 256 * 1024;
    private static final Map<String, ImportFormat> FORMATS = Map.of("cdnow", ImportFormat.IMPORT_FORMAT_CDNOW,
            "online-retail", ImportFormat.IMPORT_FORMAT_ONLINE_RETAIL, "csv", ImportFormat.IMPORT_FORMAT_CSV,
            "ndjson", ImportFormat.IMPORT_FORMAT_NDJSON, "customers", ImportFormat.IMPORT_FORMAT_CUSTOMERS);

    /**
     * A job as clients see it.
     *
     * @param progress     bytes read ÷ bytes uploaded, 0–1
     * @param rowsPerSecond rows read per second so far
     * @param etaSeconds   estimated seconds left while running
     * @param skipped      rows skipped, by reason
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JobJson(String id, String format, String status, List<String> files, long bytesTotal, long bytesRead,
                   double progress, long rowsRead, long rowsImported, long rowsSkipped, Map<String, Long> skipped,
                   List<String> skipExamples, long recorded, long duplicates, Instant startedAt, Instant finishedAt,
                   double rowsPerSecond, Long etaSeconds, String error) {

        static JobJson of(ImportJob job) {
            String format = FORMATS.entrySet().stream().filter(e -> e.getValue() == job.getFormat())
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            Map<String, Long> skipped = new LinkedHashMap<>();
            job.getSkipReasonsList().forEach(r -> skipped.put(r.getReason(), r.getRows()));
            Instant started = RequestValues.instant(job.getStartTime());
            Instant finished = job.hasFinishTime() ? RequestValues.instant(job.getFinishTime()) : null;
            double seconds = Math.max(0.001, Duration.between(started, finished != null ? finished : Instant.now())
                    .toMillis() / 1000.0);
            double progress = job.getBytesTotal() == 0 ? 1 : (double) job.getBytesRead() / job.getBytesTotal();
            boolean running = job.getStatus() == ImportJob.Status.STATUS_RUNNING;
            Long eta = running && progress > 0 ? Math.round(seconds * (1 - progress) / progress) : null;
            return new JobJson(job.getId(), format, CustomerResponses.unprefixed(job.getStatus().name(), "STATUS_"),
                    job.getFilesList(), job.getBytesTotal(), job.getBytesRead(), progress, job.getRowsRead(),
                    job.getRowsImported(), job.getRowsSkipped(), skipped, job.getSkipExamplesList(), job.getRecorded(),
                    job.getDuplicates(), started, finished, job.getRowsRead() / seconds, eta,
                    job.getError().isEmpty() ? null : job.getError());
        }
    }

    private final RelationshipClient relationships;
    private final ObjectMapper json;

    public ImportController(RelationshipClient relationships, ObjectMapper json) {
        this.relationships = relationships;
        this.json = json;
    }

    /**
     * Multipart: one or more {@code file} parts, {@code format} (cdnow, online-retail, csv, ndjson, customers) and,
     * for csv, {@code mapping}: a JSON object of interaction field → column name or "=constant". A customers file is a
     * CSV of one customer per row (see the README's Imports).
     */
    @Operation(operationId = "startImport", summary = "Import a file of customers or interactions")
    @RestDoc(status = "202")
    @PostMapping(path = "/v1/imports", consumes = "multipart/form-data")
    ResponseEntity<JobJson> start(@RequestParam(name = "file", required = false) List<MultipartFile> files,
                                  @RequestParam(required = false) String format,
                                  @RequestParam(required = false) String mapping, HttpServletRequest request)
            throws IOException, InterruptedException {
        List<String> errors = new ArrayList<>();
        ImportFormat importFormat = format == null ? null : FORMATS.get(format);
        if (importFormat == null) {
            errors.add("format: required, one of " + FORMATS.keySet().stream().sorted().toList()
                    + (format == null ? "" : ", got '" + format + "'"));
        }
        if (files == null || files.isEmpty() || files.stream().allMatch(MultipartFile::isEmpty)) {
            errors.add("file: at least one non-empty file part is required");
        }
        Map<String, String> columns = mapping(mapping, errors);
        InvalidRequestException.throwIfAny(errors);
        ImportJob job = upload(Workspace.of(request), importFormat, columns, files);
        return ResponseEntity.accepted().location(URI.create("/v1/imports/" + job.getId())).body(JobJson.of(job));
    }

    record ImportPage(List<JobJson> items, String nextCursor) {
    }

    /** The workspace's imports, newest first; {@code nextCursor} continues the list and is null on the last page. */
    @Operation(operationId = "listImports", summary = "List imports, newest first")
    @GetMapping("/v1/imports")
    ImportPage list(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor,
                    HttpServletRequest request) {
        List<String> errors = new ArrayList<>();
        ListImportsRequest.Builder grpc = ListImportsRequest.newBuilder();
        RequestValues.page(limit, cursor, 100, errors, grpc::setPageSize, grpc::setPageToken);
        InvalidRequestException.throwIfAny(errors);
        ListImportsResponse page = relationships.forWorkspace(Workspace.of(request)).listImports(grpc.build());
        return new ImportPage(page.getJobsList().stream().map(JobJson::of).toList(),
                RequestValues.nextCursor(page.getNextPageToken()));
    }

    @Operation(operationId = "getImport", summary = "Follow an import")
    @GetMapping("/v1/imports/{id}")
    JobJson get(@PathVariable String id, HttpServletRequest request) {
        return JobJson.of(relationships.forWorkspace(Workspace.of(request))
                .getImport(GetImportRequest.newBuilder().setId(id).build()).getJob());
    }

    private Map<String, String> mapping(String mapping, List<String> errors) {
        if (mapping == null || mapping.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> columns = new LinkedHashMap<>();
            var node = json.readTree(mapping);
            if (!node.isObject()) {
                errors.add("mapping: must be a JSON object of field -> column or \"=constant\"");
                return Map.of();
            }
            for (var field : node.properties()) {
                if (!field.getValue().isString()) {
                    errors.add("mapping." + field.getKey() + ": must be a string");
                } else {
                    columns.put(field.getKey(), field.getValue().asString());
                }
            }
            return columns;
        } catch (JacksonException e) {
            errors.add("mapping: not valid JSON: " + e.getOriginalMessage());
            return Map.of();
        }
    }

    private ImportJob upload(String workspace, ImportFormat format, Map<String, String> mapping,
                             List<MultipartFile> files) throws IOException, InterruptedException {
        CompletableFuture<ImportJob> started = new CompletableFuture<>();
        var requests = (ClientCallStreamObserver<StartImportRequest>) relationships
                .streamingForWorkspace(workspace, UPLOAD_DEADLINE)
                .startImport(new StreamObserver<>() {
                    @Override
                    public void onNext(StartImportResponse response) {
                        started.complete(response.getJob());
                    }

                    @Override
                    public void onError(Throwable t) {
                        started.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        started.completeExceptionally(Status.INTERNAL.withDescription("no job was returned")
                                .asRuntimeException());
                    }
                });
        try {
            requests.onNext(StartImportRequest.newBuilder().setSettings(StartImportRequest.Settings.newBuilder()
                    .setFormat(format).putAllMapping(mapping)).build());
            for (MultipartFile file : files) {
                String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                        ? "file-" + files.indexOf(file) : file.getOriginalFilename();
                try (InputStream in = file.getInputStream()) {
                    byte[] buffer = new byte[CHUNK];
                    int read;
                    while ((read = in.readNBytes(buffer, 0, CHUNK)) > 0 && !started.isDone()) {
                        awaitReady(requests, started);
                        requests.onNext(StartImportRequest.newBuilder().setChunk(StartImportRequest.FileChunk
                                .newBuilder().setFileName(name).setData(ByteString.copyFrom(buffer, 0, read))).build());
                    }
                }
            }
            requests.onCompleted();
        } catch (IOException | RuntimeException e) {
            requests.cancel("upload failed in the gateway", e);
            throw e;
        }
        try {
            return started.get(UPLOAD_DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw Status.DEADLINE_EXCEEDED.withDescription("the upload took too long").asRuntimeException();
        }
    }

    /** Flow control: do not buffer a large file in memory faster than the service takes it. */
    private static void awaitReady(ClientCallStreamObserver<?> requests, CompletableFuture<?> started)
            throws InterruptedException {
        while (!requests.isReady() && !started.isDone()) {
            Thread.sleep(1);
        }
    }
}
