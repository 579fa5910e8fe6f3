package health.isthmus.bench.mllp;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import health.isthmus.hl7.mllp.MllpClient;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
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
 * [host:port] [rate=R] [warmup=N] [rounds=R] [alone]} with the platform started by {@code ./run.sh}; N messages (100,000
 * unless given: the service's JIT compiler is still busy after tens of thousands) go to each server over 8
 * connections before anything is measured, then each connection count is
 * measured R times (3 unless given), the two servers taking turns, and the medians are printed. With {@code alone}
 * only the target is measured, once per connection count (for taking its CPU time per message from outside).
 */
public final class MllpLoadHarness {

    private static final Logger log = LoggerFactory.getLogger(MllpLoadHarness.class);
    /**
     * Names this run in every control id, so that no message repeats one of an earlier run (a resend would take the
     * service's duplicate path and measure that instead); 20 characters at most with the counter (MSH-10 in 2.5.1).
     */
    private static final String RUN =
            Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);

    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** This JVM's CPU time, for the harness's own cost per message. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private MllpLoadHarness() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<Integer> connections = new ArrayList<>();
        String target = "localhost:2575";
        double rate = 0;
        int warmUp = 100_000;
        int rounds = 3;
        boolean withReference = true;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("alone")) {
                withReference = false;
            } else if (args[i].startsWith("rounds=")) {
                rounds = Integer.parseInt(args[i].substring("rounds=".length()));
            } else if (args[i].startsWith("warmup=")) {
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

        if (!withReference) {
            // the service alone, for measuring what it costs (CPU per message) without the reference beside it
            warmUp(host, port, warmUp);
            for (int k : connections) {
                Result isthmus = run(host, port, messages, k, rate);
                log.info("FIGURE {} connections={} messages={} alone | isthmus: {}", load(rate), k, messages, isthmus);
            }
            return;
        }
        // HAPI keeps a control-id counter file in hapi.home; keep it out of the working directory
        System.setProperty("hapi.home", System.getProperty("java.io.tmpdir"));
        int barePort = freePort();
        try (HapiContext hapi = new DefaultHapiContext()) {
            HL7Service bare = hapi.newServer(barePort, false);
            bare.registerApplication("*", "*", new AcceptEverything());
            bare.startAndWait();
            try {
                // both servers' JIT compilers settle before anything is counted (the service has far more code)
                warmUp("localhost", barePort, warmUp);
                warmUp(host, port, warmUp);
                for (int k : connections) {
                    // the host's speed drifts by tens of percent within minutes: alternate the two servers and
                    // report the median of each, so that a slow moment weighs on both sides alike
                    List<Result> references = new ArrayList<>();
                    List<Result> targets = new ArrayList<>();
                    for (int round = 1; round <= rounds; round++) {
                        Result reference = run("localhost", barePort, messages, k, rate);
                        Result isthmus = run(host, port, messages, k, rate);
                        references.add(reference);
                        targets.add(isthmus);
                        if (rounds > 1) {
                            log.info("round {}/{} connections={} | {}", round, rounds, k, side(reference, isthmus));
                        }
                    }
                    Result reference = Result.median(references);
                    Result isthmus = Result.median(targets);
                    log.info(
                            "FIGURE {} connections={} messages={} rounds={} (medians) | {}",
                            load(rate),
                            k,
                            messages,
                            rounds,
                            side(reference, isthmus));
                }
            } finally {
                bare.stopAndWait();
            }
        }
    }

    private static void warmUp(String host, int port, int messages) throws Exception {
        if (messages > 0) {
            log.info("warming up {}:{} with {} messages", host, port, messages);
            run(host, port, messages, 8, 0);
        }
    }

    private static String load(double rate) {
        return rate > 0 ? "rate=" + round(rate) + "/s" : "closed-loop";
    }

    /** The reference's and the service's figures side by side, and the ratio of their rates. */
    private static String side(Result reference, Result isthmus) {
        return "bare HAPI: " + reference + " | isthmus: " + isthmus + " | ratio "
                + round(isthmus.perSecond() / reference.perSecond()) + " | bare server CPU ~"
                + Math.round(reference.harnessCpuMicros() - isthmus.harnessCpuMicros()) + " us/msg";
    }

    private static Result run(String host, int port, int messages, int connections, double rate) throws Exception {
        long[] latencies = new long[messages];
        AtomicLong next = new AtomicLong();
        long started = System.nanoTime();
        // paced: message n is due at started + n / rate seconds, whichever connection sends it
        long nanosBetween = rate > 0 ? (long) (1e9 / rate) : 0;
        long cpuBefore = PROCESS.getProcessCpuTime();
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
        long cpuNanos = PROCESS.getProcessCpuTime() - cpuBefore;
        Arrays.sort(latencies);
        return new Result(
                messages / seconds,
                latencies[(int) (messages * 0.50)] / 1e6,
                latencies[Math.min(messages - 1, (int) (messages * 0.99))] / 1e6,
                cpuNanos / 1e3 / messages);
    }

    private static String registration() {
        long n = SEQUENCE.incrementAndGet();
        return "MSH|^~\\&|LOADGEN|GENHOSP|ISTHMUS|RADIOLOGY|20261127083000||ADT^A04^ADT_A01|L" + RUN + "-" + n
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
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /**
     * One run's figures.
     *
     * @param harnessCpuMicros this JVM's CPU time per message: the client's, and on the bare server's runs the bare
     *     server's too (it runs in this JVM), so the difference between the two sides is the bare server's own cost
     */
    private record Result(double perSecond, double p50, double p99, double harnessCpuMicros) {

        @Override
        public String toString() {
            return round(perSecond) + " msg/s p50 " + round(p50) + " ms p99 " + round(p99) + " ms (harness CPU "
                    + Math.round(harnessCpuMicros) + " us/msg)";
        }

        /** Each figure's median over the rounds (taken separately: the rounds' medians need not be one round's). */
        static Result median(List<Result> rounds) {
            return new Result(
                    median(rounds, Result::perSecond),
                    median(rounds, Result::p50),
                    median(rounds, Result::p99),
                    median(rounds, Result::harnessCpuMicros));
        }

        private static double median(List<Result> rounds, ToDoubleFunction<Result> figure) {
            double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }

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
