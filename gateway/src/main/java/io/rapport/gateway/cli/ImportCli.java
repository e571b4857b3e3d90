package io.rapport.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./rapport import FILE... --format F [--mapping JSON]}: uploads files to a running suite's
 * {@code POST /v1/imports}, draws the job's progress, prints its report. Needs only the JDK: no curl, no jq.
 */
public final class ImportCli {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BAR = 30;

    private final PrintStream out;
    private final Map<String, String> environment;
    private final boolean interactive;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ImportCli(PrintStream out, Map<String, String> environment, boolean interactive) {
        this.out = out;
        this.environment = environment;
        this.interactive = interactive;
    }

    public static void main(String[] args) {
        System.exit(new ImportCli(System.out, System.getenv(), System.console() != null).run(args));
    }

    private static final String USAGE = """
            usage: ./rapport import FILE... --format cdnow|online-retail|csv|ndjson|customers [--mapping JSON]
              The suite must be running (./rapport up). The API key comes from RAPPORT_API_KEY (or
              RAPPORT_BOOTSTRAP_API_KEY); the gateway from RAPPORT_URL (default http://127.0.0.1:$RAPPORT_GATEWAY_PORT).
              csv needs --mapping, e.g. '{"customerId":"Client","occurredAt":"Date","channel":"=WEB","kind":"=PURCHASE"}'""";

    int run(String[] args) {
        List<Path> files = new ArrayList<>();
        String format = null;
        String mapping = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--format" -> format = i + 1 < args.length ? args[++i] : null;
                case "--mapping" -> mapping = i + 1 < args.length ? args[++i] : null;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> files.add(Path.of(args[i]));
            }
        }
        if (format == null || files.isEmpty()) {
            out.println(USAGE);
            return 2;
        }
        for (Path file : files) {
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                out.println("Cannot read " + file);
                return 2;
            }
        }
        String key = environment.getOrDefault("RAPPORT_API_KEY", environment.get("RAPPORT_BOOTSTRAP_API_KEY"));
        if (key == null || key.isBlank()) {
            out.println("Set RAPPORT_API_KEY to the API key ./rapport up printed.");
            return 2;
        }
        String url = environment.getOrDefault("RAPPORT_URL",
                "http://127.0.0.1:" + environment.getOrDefault("RAPPORT_GATEWAY_PORT", "8080"));
        try {
            return upload(url, key, files, format, mapping);
        } catch (IOException e) {
            out.println("Cannot reach Rapport at " + url + " (" + e.getMessage() + "): is ./rapport up running?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int upload(String url, String key, List<Path> files, String format, String mapping)
            throws IOException, InterruptedException {
        JsonNode job = importFiles(url, key, files, format, mapping);
        return job != null && "SUCCEEDED".equals(job.get("status").asString()) ? 0 : 1;
    }

    /**
     * Uploads the files, draws the job's progress until it ends and reports it; answers the job as it ended, or
     * null (having said why) when it was refused or its progress could not be read.
     */
    public JsonNode importFiles(String url, String key, List<Path> files, String format, String mapping)
            throws IOException, InterruptedException {
        String boundary = "rapport-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        parts.add(text(boundary, "format", format));
        if (mapping != null) {
            parts.add(text(boundary, "mapping", mapping));
        }
        long bytes = 0;
        for (Path file : files) {
            parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
                    + "name=\"file\"; filename=\"" + file.getFileName().toString().replace("\"", "") + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n"));
            parts.add(HttpRequest.BodyPublishers.ofFile(file));
            parts.add(HttpRequest.BodyPublishers.ofString("\r\n"));
            bytes += Files.size(file);
        }
        parts.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
        out.printf("Uploading %d file(s), %,d bytes to %s ...%n", files.size(), bytes, url);
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/imports"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            out.println("Import refused (" + started.statusCode() + "): " + detail(started.body()));
            return null;
        }
        JsonNode job = JSON.readTree(started.body());
        String id = job.get("id").asString();
        out.println("Import " + id + " started.");
        while ("RUNNING".equals(job.get("status").asString())) {
            draw(job);
            Thread.sleep(interactive ? 200 : 2_000);
            HttpResponse<String> polled = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/imports/" + id))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (polled.statusCode() != 200) {
                out.println("\nCannot read the import's progress (" + polled.statusCode() + "): " + detail(polled.body()));
                return null;
            }
            job = JSON.readTree(polled.body());
        }
        draw(job);
        out.println();
        report(job);
        return job;
    }

    private static HttpRequest.BodyPublisher text(String boundary, String name, String value) {
        return HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n", StandardCharsets.UTF_8);
    }

    private void draw(JsonNode job) {
        double progress = job.get("progress").asDouble();
        int filled = (int) Math.round(progress * BAR);
        String eta = job.has("etaSeconds") ? "  ETA " + job.get("etaSeconds").asLong() + "s" : "";
        String line = String.format("[%s%s] %3d%%  %,d rows  %,.0f rows/s%s", "#".repeat(filled),
                "-".repeat(BAR - filled), Math.round(progress * 100), job.get("rowsRead").asLong(),
                job.get("rowsPerSecond").asDouble(), eta);
        if (interactive) {
            out.print("\r" + line + "    ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void report(JsonNode job) {
        out.printf("Import %s %s%n", job.get("id").asString(), job.get("status").asString());
        out.printf("  rows read      %,d%n  rows imported  %,d%n  rows skipped   %,d%n", job.get("rowsRead").asLong(),
                job.get("rowsImported").asLong(), job.get("rowsSkipped").asLong());
        job.get("skipped").properties().forEach(reason ->
                out.printf("    %,d  %s%n", reason.getValue().asLong(), reason.getKey()));
        boolean customers = "customers".equals(job.get("format").asString());
        out.printf(customers ? "  customers created or changed %,d, already so %,d%n"
                : "  interactions recorded %,d, already recorded %,d%n", job.get("recorded").asLong(),
                job.get("duplicates").asLong());
        if (job.has("skipExamples") && !job.get("skipExamples").isEmpty()) {
            out.println("  first skipped rows:");
            job.get("skipExamples").forEach(example -> out.println("    " + example.asString()));
        }
        if (job.has("error")) {
            out.println("  error: " + job.get("error").asString());
        }
    }

    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            StringBuilder detail = new StringBuilder(problem.path("detail").asString(body));
            problem.path("errors").forEach(error -> detail.append("\n  ").append(error.asString()));
            return detail.toString();
        } catch (RuntimeException notJson) {
            return body;
        }
    }
}
