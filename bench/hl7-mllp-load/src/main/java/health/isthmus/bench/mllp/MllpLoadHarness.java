package health.isthmus.bench.mllp;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import health.isthmus.hl7.mllp.MllpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends N distinct ADT^A04 messages over K connections, one message in flight per connection, first to a
 * bare HAPI MLLP server that answers AA without storing anything, then to the target (by default the
 * running hl7-ingest-service on localhost:2575), and prints messages per second, ACK latency p50/p99 and
 * the ratio of the two.
 *
 * <p>With {@code rate=R} the messages leave at a fixed total rate of R a second instead of as fast as the
 * answers come back (an open loop spread evenly over the connections); a message that leaves late because
 * an earlier answer was slow counts its latency from the moment it was due, so a stall counts against
 * every message behind it.
 *
 * <p>Usage: {@code java -jar bench/hl7-mllp-load/target/bench-hl7-mllp-load-*.jar [messages] [connections...]
 * [host:port] [rate=R] [warmup=N]} with the platform started by {@code ./run.sh}; N messages (5,000 unless
 * given) go to each server over 8 connections before anything is measured.
 */
public final class MllpLoadHarness {

    private static final Logger log = LoggerFactory.getLogger(MllpLoadHarness.class);
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);

    private MllpLoadHarness() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<Integer> connections = new ArrayList<>();
        String target = "localhost:2575";
        double rate = 0;
        int warmUp = 5000;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("warmup=")) {
                warmUp = Integer.parseInt(args[i].substring("warmup=".length()));
            } else if (args[i].startsWith("rate=")) {
                rate = Double.parseDouble(args[i].substring("rate=".length()));
            } else if (args[i].contains(":")) {
                target = args[i];
            } else {
                connections.add(Integer.parseInt(args[i]));
            }
        }
        if (connections.isEmpty()) {
            connections = List.of(1, 4, 8, 16);
        }
        String host = target.substring(0, target.lastIndexOf(':'));
        int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));

        // HAPI keeps a control-id counter file in hapi.home; keep it out of the working directory
        System.setProperty("hapi.home", System.getProperty("java.io.tmpdir"));
        int barePort = freePort();
        try (HapiContext hapi = new DefaultHapiContext()) {
            HL7Service bare = hapi.newServer(barePort, false);
            bare.registerApplication("*", "*", new AcceptEverything());
            bare.startAndWait();
            try {
                log.info("warming up");
                // both servers' JIT compilers settle before anything is counted (the service has far more code)
                run("localhost", barePort, warmUp, 8, 0);
                run(host, port, warmUp, 8, 0);
                for (int k : connections) {
                    Result reference = run("localhost", barePort, messages, k, rate);
                    Result isthmus = run(host, port, messages, k, rate);
                    log.info(
                            "FIGURE {} connections={} messages={} | bare HAPI: {} msg/s p50 {} ms p99 {} ms | isthmus: {} msg/s"
                                    + " p50 {} ms p99 {} ms | ratio {}",
                            rate > 0 ? "rate=" + round(rate) + "/s" : "closed-loop",
                            k,
                            messages,
                            round(reference.perSecond()),
                            round(reference.p50()),
                            round(reference.p99()),
                            round(isthmus.perSecond()),
                            round(isthmus.p50()),
                            round(isthmus.p99()),
                            round(isthmus.perSecond() / reference.perSecond()));
                }
            } finally {
                bare.stopAndWait();
            }
        }
    }

    private static Result run(String host, int port, int messages, int connections, double rate) throws Exception {
        long[] latencies = new long[messages];
        AtomicLong next = new AtomicLong();
        long started = System.nanoTime();
        // paced: message n is due at started + n / rate seconds, whichever connection sends it
        long nanosBetween = rate > 0 ? (long) (1e9 / rate) : 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    int sent = 0;
                    try (MllpClient client = new MllpClient(host, port, Duration.ofSeconds(30))) {
                        long index;
                        while ((index = next.getAndIncrement()) < messages) {
                            byte[] message = registration().getBytes(StandardCharsets.UTF_8);
                            long before = System.nanoTime();
                            if (nanosBetween > 0) {
                                long due = started + index * nanosBetween;
                                if (before < due) {
                                    // on time: wait, and count from when the message actually leaves
                                    // (oversleeping is the harness's delay, not the server's)
                                    while (before < due) {
                                        LockSupport.parkNanos(due - before);
                                        before = System.nanoTime();
                                    }
                                } else {
                                    // late because an earlier answer was slow: that wait counts too
                                    before = due;
                                }
                            }
                            String ack = new String(client.exchange(message), StandardCharsets.UTF_8);
                            latencies[(int) index] = System.nanoTime() - before;
                            if (!ack.contains("MSA|AA")) {
                                throw new IllegalStateException("not accepted: " + ack.replace('\r', '\n'));
                            }
                            sent++;
                        }
                    }
                    return sent;
                }));
            }
            for (Future<Integer> worker : workers) {
                worker.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        return new Result(
                messages / seconds,
                latencies[(int) (messages * 0.50)] / 1e6,
                latencies[Math.min(messages - 1, (int) (messages * 0.99))] / 1e6);
    }

    private static String registration() {
        long n = SEQUENCE.incrementAndGet();
        return "MSH|^~\\&|LOADGEN|GENHOSP|ISTHMUS|RADIOLOGY|20261127083000||ADT^A04^ADT_A01|LOAD-" + n
                + "|P|2.5.1\r"
                + "EVN|A04|20261127083000\r"
                + "PID|1||LOAD" + n + "^^^GENHOSP^MR||LOAD^PATIENT^" + n + "||19800214|F\r"
                + "PV1|1|O|RAD^^^GENHOSP\r";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String round(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    private record Result(double perSecond, double p50, double p99) {}

    /** The reference: parse, answer AA, keep nothing. */
    private static final class AcceptEverything implements ReceivingApplication<Message> {

        @Override
        public Message processMessage(Message message, Map<String, Object> metadata) {
            try {
                return message.generateACK();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean canProcess(Message message) {
            return true;
        }
    }
}
