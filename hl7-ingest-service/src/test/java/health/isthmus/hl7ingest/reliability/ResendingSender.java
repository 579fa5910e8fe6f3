package health.isthmus.hl7ingest.reliability;

import health.isthmus.hl7.mllp.MllpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An HL7 sender as a careful HIS interface engine behaves: each connection sends its messages in order, one at a
 * time, and resends a message whose ACK has not come within the ACK timeout or whose connection broke, until it gets
 * an answer; a refused connection is retried. Nothing is retried past the deadline.
 */
final class ResendingSender {

    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(100);

    private final int port;
    private final Duration ackTimeout;
    private final Instant deadline;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger resends = new AtomicInteger();

    ResendingSender(int port, Duration ackTimeout, Instant deadline) {
        this.port = port;
        this.ackTimeout = ackTimeout;
        this.deadline = deadline;
    }

    /** Messages answered so far, by any of the connections. */
    int answered() {
        return answered.get();
    }

    /** Messages put on the wire again so far. */
    int resends() {
        return resends.get();
    }

    /**
     * Sends the messages over {@code connections} concurrent connections (message i on connection i modulo
     * connections) and returns what each got, in the order given.
     */
    Map<String, Delivery> send(List<TestMessage> messages, int connections) throws InterruptedException {
        List<List<TestMessage>> shares = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < messages.size(); i++) {
            shares.get(i % connections).add(messages.get(i));
        }
        Map<String, Delivery> deliveries = new LinkedHashMap<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(connections)) {
            List<Future<List<Delivery>>> results = new ArrayList<>();
            shares.forEach(share -> results.add(senders.submit(() -> sendInOrder(share))));
            for (Future<List<Delivery>> result : results) {
                long wait =
                        Math.max(0, Duration.between(Instant.now(), deadline).toMillis()) + ackTimeout.toMillis() * 2;
                for (Delivery delivery : result.get(wait, TimeUnit.MILLISECONDS)) {
                    deliveries.put(delivery.message().key(), delivery);
                }
            }
            senders.shutdownNow();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a sender connection failed unexpectedly", e);
        }
        Map<String, Delivery> ordered = new LinkedHashMap<>();
        messages.forEach(message -> ordered.put(message.key(), deliveries.get(message.key())));
        return ordered;
    }

    /** {@link #send} on another thread, so that the caller can kill or pause processes meanwhile. */
    CompletableFuture<Map<String, Delivery>> sendInBackground(List<TestMessage> messages, int connections) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(messages, connections);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("sending interrupted", e);
            }
        });
    }

    private List<Delivery> sendInOrder(List<TestMessage> messages) {
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        @Nullable MllpClient connection = null;
        try {
            for (TestMessage message : messages) {
                int attempts = 0;
                Delivery delivery = null;
                while (delivery == null) {
                    if (Instant.now().isAfter(deadline)) {
                        delivery = new Delivery(message, null, null, attempts, Duration.ZERO, Instant.now());
                        break;
                    }
                    if (connection == null) {
                        connection = connect();
                        if (connection == null) {
                            continue;
                        }
                    }
                    attempts++;
                    if (attempts > 1) {
                        resends.incrementAndGet();
                    }
                    long sent = System.nanoTime();
                    try {
                        String reply = new String(connection.exchange(message.bytes()), StandardCharsets.UTF_8);
                        String[] msa = msa(reply);
                        delivery = new Delivery(
                                message,
                                field(msa, 1),
                                field(msa, 2),
                                attempts,
                                Duration.ofNanos(System.nanoTime() - sent),
                                Instant.now());
                        answered.incrementAndGet();
                    } catch (IOException e) {
                        // no ACK within the timeout, or the connection broke: resend on a new connection
                        closeQuietly(connection);
                        connection = null;
                    }
                }
                deliveries.add(delivery);
            }
        } finally {
            closeQuietly(connection);
        }
        return deliveries;
    }

    private @Nullable MllpClient connect() {
        try {
            return new MllpClient("127.0.0.1", port, ackTimeout);
        } catch (IOException e) {
            pause();
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sender interrupted", e);
        }
    }

    private static String[] msa(String reply) {
        for (String segment : reply.split("\r")) {
            if (segment.startsWith("MSA|")) {
                return segment.split("\\|", -1);
            }
        }
        return new String[] {"MSA", "(no MSA)"};
    }

    private static @Nullable String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : null;
    }

    private static void closeQuietly(@Nullable MllpClient connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // the connection is being dropped anyway
            }
        }
    }
}
