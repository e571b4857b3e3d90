package io.rapport.relationship.grpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rapport.platform.grpc.RequestRejectedException;
import io.rapport.proto.relationship.v1.ImportJob;
import io.rapport.proto.relationship.v1.StartImportRequest;
import io.rapport.proto.relationship.v1.StartImportResponse;
import io.rapport.relationship.api.ImportFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives one StartImport upload: settings first, then the files' chunks, written to a directory of their own.
 * When the client is done, the files are handed to {@code start}; on any failure they are deleted.
 */
final class ImportUploads implements StreamObserver<StartImportRequest> {

    /** What to do with a complete upload: start the job and answer with it. */
    interface Starter {
        ImportJob start(ImportFormat format, Map<String, String> mapping, Map<String, Path> files);
    }

    private static final Logger log = LoggerFactory.getLogger(ImportUploads.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[^A-Za-z0-9._-]");

    private final Path directory;
    private final StreamObserver<StartImportResponse> response;
    private final Starter starter;
    private final Consumer<Throwable> fail;
    private final Map<String, Path> files = new LinkedHashMap<>();
    private StartImportRequest.Settings settings;
    private String currentName;
    private OutputStream current;
    private boolean failed;

    ImportUploads(Path directory, StreamObserver<StartImportResponse> response, Starter starter,
                  Consumer<Throwable> fail) {
        this.directory = directory;
        this.response = response;
        this.starter = starter;
        this.fail = fail;
    }

    @Override
    public void onNext(StartImportRequest part) {
        if (failed) {
            return;
        }
        try {
            if (part.hasSettings()) {
                if (settings != null) {
                    throw RequestRejectedException.invalid("settings: sent twice; send them once, first");
                }
                settings = part.getSettings();
            } else if (part.hasChunk()) {
                if (settings == null) {
                    throw RequestRejectedException.invalid("settings: must come before the first chunk");
                }
                write(part.getChunk());
            }
        } catch (RuntimeException | IOException e) {
            abort(e);
        }
    }

    private void write(StartImportRequest.FileChunk chunk) throws IOException {
        if (chunk.getFileName().isBlank()) {
            throw RequestRejectedException.invalid("chunk.file_name: required");
        }
        if (!chunk.getFileName().equals(currentName)) {
            if (files.containsKey(chunk.getFileName())) {
                throw RequestRejectedException.invalid("chunk.file_name: '" + chunk.getFileName()
                        + "' was sent before; send each file's chunks together");
            }
            closeCurrent();
            currentName = chunk.getFileName();
            Path path = directory.resolve(files.size() + "-" + SAFE_NAME.matcher(currentName).replaceAll("_"));
            files.put(currentName, path);
            current = Files.newOutputStream(path);
        }
        chunk.getData().writeTo(current);
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public void onError(Throwable t) {
        failed = true;
        cleanUp();
    }

    @Override
    public void onCompleted() {
        if (failed) {
            return;
        }
        try {
            closeCurrent();
            if (settings == null || files.isEmpty()) {
                throw RequestRejectedException.invalid("file: at least one file is required");
            }
            if (settings.getFormat() == io.rapport.proto.relationship.v1.ImportFormat.IMPORT_FORMAT_UNSPECIFIED
                    || settings.getFormat() == io.rapport.proto.relationship.v1.ImportFormat.UNRECOGNIZED) {
                throw RequestRejectedException.invalid("settings.format: required");
            }
            ImportFormat format = ImportFormat.valueOf(settings.getFormat().name().substring("IMPORT_FORMAT_".length()));
            ImportJob job = starter.start(format, settings.getMappingMap(), files);
            response.onNext(StartImportResponse.newBuilder().setJob(job).build());
            response.onCompleted();
        } catch (RuntimeException | IOException e) {
            abort(e);
        }
    }

    private void abort(Exception e) {
        failed = true;
        cleanUp();
        fail.accept(e);
    }

    private void cleanUp() {
        try {
            closeCurrent();
            for (Path path : files.values()) {
                Files.deleteIfExists(path);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.warn("Could not delete the upload in {}", directory, e);
        }
    }

    static Path newDirectory(Path root) {
        try {
            return Files.createTempDirectory(Files.createDirectories(root), "upload-");
        } catch (IOException e) {
            throw new RequestRejectedException(Status.UNAVAILABLE, "cannot store the upload: " + e.getMessage());
        }
    }
}
