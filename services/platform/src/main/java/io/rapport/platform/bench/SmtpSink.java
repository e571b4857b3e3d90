package io.rapport.platform.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal SMTP server for the benchmark: speaks enough of RFC 5321 for a client to deliver, and notes when
 * each message (by Message-ID) arrived. Not a mail server: it keeps nothing else. Used by the benchmarks.
 */
public final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "smtp-sink");
        thread.setDaemon(true);
        return thread;
    });
    /** Message-ID → arrival, System.nanoTime(). */
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();

    /** Listens on a free port. */
    public SmtpSink() throws IOException {
        this(0);
    }

    /** Listens on {@code port} of every interface (0: a free one). */
    public SmtpSink(int port) throws IOException {
        server = new ServerSocket(port);
        connections.submit(this::accept);
    }

    /** Message-ID → when it arrived, as System.nanoTime(). */
    public Map<String, Long> arrivals() {
        return arrivals;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.submit(() -> converse(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            reply(out, "220 sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    reply(out, "250 sink");
                } else if (command.startsWith("DATA")) {
                    reply(out, "354 end with .");
                    String messageId = null;
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        if (messageId == null && line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                            messageId = line.substring(11).trim();
                        }
                    }
                    if (messageId != null) {
                        arrivals.put(messageId, System.nanoTime());
                    }
                    reply(out, "250 accepted");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
