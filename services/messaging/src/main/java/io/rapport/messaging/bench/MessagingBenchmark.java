package io.rapport.messaging.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.rapport.messaging.MessagingApplication;
import io.rapport.messaging.api.MessageChannel;
import io.rapport.messaging.api.MessageIds;
import io.rapport.messaging.api.MessagePurpose;
import io.rapport.messaging.api.MessageTemplate;
import io.rapport.messaging.api.SendMessageCommand;
import io.rapport.messaging.channel.EmailChannel;
import io.rapport.platform.bench.BenchLine;
import io.rapport.platform.bench.SmtpSink;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./rapport bench messaging [--messages N] [--warmup W]}: N transactional e-mails through the whole path —
 * command, policy, Liquid rendering, event store, dispatch processor, SMTP — to an SMTP server in the same JVM, on
 * the in-memory embedded store, after W e-mails that are not measured (none by default; they let the JIT compile the
 * path). Prints messages/s and the p50/p99 time from request to arrival at the SMTP server.
 */
public final class MessagingBenchmark {

    private MessagingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 2_000;
        int warmup = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--messages N, --warmup N)");
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        try (SmtpSink smtp = new SmtpSink();
             ConfigurableApplicationContext app = new SpringApplication(MessagingApplication.class).run(
                     "--rapport.mongodb.embedded=memory", "--spring.grpc.server.port=0", "--server.port=0",
                     "--logging.level.root=WARN", "--spring.mail.port=" + smtp.port(),
                     "--rapport.internal-token=bench-" + UUID.randomUUID())) {
            CommandGateway commands = app.getBean(CommandGateway.class);
            if (warmup > 0) {
                // Not measured: lets the JIT compile the path first (at 2,000 e-mails it is most of the CPU).
                send(commands, "w-", warmup, new long[warmup]);
                awaitArrivals(smtp, warmup);
            }
            long[] requested = new long[messages];
            long started = System.nanoTime();
            send(commands, "m-", messages, requested);
            awaitArrivals(smtp, warmup + messages);
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] latency = new long[messages];
            int delivered = 0;
            for (int i = 0; i < messages; i++) {
                Long arrived = smtp.arrivals().get(EmailChannel.messageIdHeader(MessageIds.of("bench", "m-" + i)));
                latency[i] = arrived == null ? Long.MAX_VALUE : arrived - requested[i];
                delivered += arrived == null ? 0 : 1;
            }
            Arrays.sort(latency);
            figures.put("messages", messages);
            figures.put("warmup", warmup);
            figures.put("delivered", delivered);
            figures.put("seconds", Math.round(seconds * 1000) / 1000.0);
            figures.put("messages_per_s", Math.round(delivered / seconds));
            figures.put("p50_ms", Math.round(latency[messages / 2] / 1e4) / 100.0);
            figures.put("p99_ms", Math.round(latency[(int) (messages * 0.99)] / 1e4) / 100.0);
        }
        System.out.printf(Locale.ROOT, "%n%s e-mails requested (after %s not measured), %s delivered to SMTP in %s s: "
                        + "%s messages/s; request to delivery p50 %s ms, p99 %s ms%n", figures.get("messages"),
                figures.get("warmup"), figures.get("delivered"), figures.get("seconds"), figures.get("messages_per_s"),
                figures.get("p50_ms"), figures.get("p99_ms"));
        System.out.println(BenchLine.of("messaging", figures));
        System.exit(0);
    }

    /** Requests {@code count} e-mails from 8 threads, ids {@code prefix + n}, noting when each was requested. */
    private static void send(CommandGateway commands, String prefix, int count, long[] requested)
            throws InterruptedException {
        MessageTemplate template = new MessageTemplate("Your receipt {{ order }}",
                "Hi {{ first_name }}, thank you for order {{ order }}.", Map.of());
        ExecutorService senders = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            int n = i;
            senders.submit(() -> {
                requested[n] = System.nanoTime();
                commands.sendAndWait(new SendMessageCommand(MessageIds.of("bench", prefix + n), "bench",
                        prefix + n, "c-" + (n % 500), MessageChannel.EMAIL, MessagePurpose.TRANSACTIONAL,
                        "c" + (n % 500) + "@example.com", template,
                        Map.of("first_name", "Reader", "order", String.valueOf(n))));
            });
        }
        senders.shutdown();
        senders.awaitTermination(10, TimeUnit.MINUTES);
    }

    private static void awaitArrivals(SmtpSink smtp, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (smtp.arrivals().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
