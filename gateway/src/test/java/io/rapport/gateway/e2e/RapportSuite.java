package io.rapport.gateway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The whole suite started by {@code ./rapport up} as a user would, as separate processes on free loopback ports
 * with a fresh data directory; stopped by {@code ./rapport down}.
 */
final class RapportSuite implements AutoCloseable {

    static final String API_KEY = "e2e-" + Long.toHexString(System.nanoTime());
    static final String WORKSPACE = "default";
    static final String SIGNING_KEY = "e2e-signing-" + Long.toHexString(System.nanoTime());

    final Path root;
    final Path dataDirectory;
    private static final Random RANDOM = new Random();

    final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final String name;
    private Process supervisor;

    /**
     * @param name     whose suite this is: its logs are kept in {@code target/e2e-logs/<name>}, beside the other
     *                 suites' of the build rather than over them
     * @param smtpPort where the messaging service sends e-mail (a real SMTP server the test reads)
     */
    RapportSuite(String name, Path dataDirectory, int smtpPort) {
        this.name = name;
        this.root = Path.of("..").toAbsolutePath().normalize();
        this.dataDirectory = dataDirectory;
        for (String port : List.of("GATEWAY_PORT", "GATEWAY_MANAGEMENT_PORT", "RELATIONSHIP_GRPC_PORT", "RELATIONSHIP_HTTP_PORT",
                "CAMPAIGN_GRPC_PORT", "CAMPAIGN_HTTP_PORT", "MESSAGING_GRPC_PORT", "MESSAGING_HTTP_PORT")) {
            int free;
            do {
                free = freePort();
            } while (ports.containsValue(free));
            ports.put(port, free);
            environment.put("RAPPORT_" + port, String.valueOf(ports.get(port)));
        }
        environment.put("RAPPORT_DATA_DIR", dataDirectory.toString());
        environment.put("RAPPORT_SMTP_PORT", String.valueOf(smtpPort));
        environment.put("RAPPORT_PUBLIC_URL", "http://127.0.0.1:" + ports.get("GATEWAY_PORT"));
        environment.put("RAPPORT_SIGNING_KEY", SIGNING_KEY);
        environment.put("RAPPORT_BOOTSTRAP_API_KEY", API_KEY);
        // Segments whose rule reads the clock are worked out afresh every 2 s rather than every hour.
        environment.put("RAPPORT_SEGMENTS_REEVALUATE_INTERVAL", "2s");
        // Journeys look for due runs twice a second, and waiting runs wake every second to look for their goal.
        environment.put("RAPPORT_JOURNEYS_POLL_INTERVAL", "500ms");
        environment.put("RAPPORT_JOURNEYS_RECHECK_INTERVAL", "1s");
        environment.put("RAPPORT_CAMPAIGNS_POLL_INTERVAL", "500ms");
        // JSON logs, with each service's DEBUG line per gRPC call: the tracing test reads them.
        environment.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        environment.put("LOGGING_LEVEL_IO_RAPPORT_PLATFORM_TENANT", "DEBUG");
        // Each step of a message's dispatch, so a message that stalls says where.
        environment.put("LOGGING_LEVEL_IO_RAPPORT_MESSAGING_CHANNEL", "DEBUG");
        // The tests call faster than a person would; the limit itself is tested on its own.
        environment.put("RAPPORT_LIMITS_REQUESTS_PER_SECOND", "1000");
        environment.put("RAPPORT_JAVA_OPTS", "-Xmx384m -XX:TieredStopAtLevel=1");
    }

    void up() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("rapport").toString(), "up").redirectErrorStream(true);
        builder.environment().putAll(environment);
        supervisor = builder.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(supervisor.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException e) {
                output.add("(output closed: " + e + ")");
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!output.contains("Rapport is up.")) {
            if (!supervisor.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("./rapport up did not come up:\n" + String.join("\n", output));
            }
            Thread.sleep(200);
        }
    }

    List<String> output() {
        return output;
    }

    String gateway() {
        return "http://127.0.0.1:" + ports.get("GATEWAY_PORT");
    }

    /** The gateway's health and metrics. */
    String management() {
        return "http://127.0.0.1:" + ports.get("GATEWAY_MANAGEMENT_PORT");
    }

    /** The app's process id; the supervisor may be rewriting the pid file as it restarts the app: then wait. */
    long pidOf(String app) throws IOException, InterruptedException {
        Path file = dataDirectory.resolve("run").resolve(app + ".pid");
        for (int attempt = 0; ; attempt++) {
            String pid = Files.exists(file) ? Files.readString(file).trim() : "";
            if (pid.matches("\\d+") || attempt == 100) {
                return Long.parseLong(pid);
            }
            Thread.sleep(50);
        }
    }

    int run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        output.add(printed);
        return process.waitFor(3, TimeUnit.MINUTES) ? process.exitValue() : -1;
    }

    /** The apps' logs outlive the data directory, in target/e2e-logs/NAME, for whoever reads a failed build. */
    private void keepLogs() throws IOException {
        Path logs = dataDirectory.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return;
        }
        Path kept = Path.of("target", "e2e-logs", name);
        Files.createDirectories(kept);
        try (var files = Files.list(logs)) {
            for (Path log : files.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    boolean supervisorAlive() {
        return supervisor != null && supervisor.isAlive();
    }

    @Override
    public void close() throws IOException {
        if (supervisor != null && supervisor.isAlive()) {
            try {
                run(root.resolve("rapport").toString(), "down");
                supervisor.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                supervisor.destroyForcibly();
            }
        }
        keepLogs();
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up): the processes' embedded MongoDB servers and every
     * outgoing connection take ports from that range, so one of them could otherwise take a port chosen here before
     * the app meant to have it starts.
     */
    private static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = 20_000 + RANDOM.nextInt(12_000);
            try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }
}
