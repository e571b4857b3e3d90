package io.rapport.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A service as a real process, for the tests that kill, stop or double it: a new JVM running its main class on this
 * test's class path, with the test credential, its gRPC on a given port, its output in {@code target/<name>.log}.
 */
public final class ServiceProcess {

    private ServiceProcess() {
    }

    /** Starts {@code main} and waits (up to 90 s) until its gRPC health says it serves. */
    public static Process start(Class<?> main, int grpcPort, String name, String... arguments)
            throws IOException, InterruptedException {
        Path log = log(name);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName(),
                "--" + TestCredential.PROPERTY, "--spring.grpc.server.port=" + grpcPort, "--server.port=0"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!GrpcHealth.awaitServing(grpcPort, 90)) {
            process.destroyForcibly();
            throw new IllegalStateException(main.getSimpleName() + " did not start; see " + log.toAbsolutePath());
        }
        return process;
    }

    /** Where the process named {@code name} writes its output. */
    public static Path log(String name) {
        return Path.of("target", name + ".log");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
