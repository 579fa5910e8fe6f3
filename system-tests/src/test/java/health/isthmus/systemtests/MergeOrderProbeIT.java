package health.isthmus.systemtests;

import ca.uhn.hl7v2.model.Message;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** THROWAWAY probe: does a pre-merge A01 of the retired MRN overwrite the survivor when applied after the A40? */
class MergeOrderProbeIT {
    private static final Logger log = LoggerFactory.getLogger(MergeOrderProbeIT.class);

    @Test
    void probe() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("ca.uhn")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        StandaloneStack stack = StandaloneStack.ofThisBuild();
        stack.start();
        try {
            Platform platform = new Platform();
            String run = Long.toString(System.nanoTime() % 1_000_000L, 36).toUpperCase(Locale.ROOT);
            int pairs = 20;
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                int conn = c;
                done.add(pool.submit(() -> {
                    try (Hl7Connection connection = new Hl7Connection(Duration.ofSeconds(60))) {
                        for (int n = conn; n < pairs; n += 3) {
                            String a = "MRN" + run + "A" + n, b = "MRN" + run + "B" + n;
                            String id = "P" + run + n;
                            ack(connection.send(adt("A01", "ADT_A01", id + "A", pid(a, "NEWNAME" + n), "PV1|1|I")));
                            ack(connection.send(adt("A01", "ADT_A01", id + "B", pid(b, "OLDNAME" + n), "PV1|1|I")));
                            ack(connection.send(adt("A40", "ADT_A39", id + "M", pid(a, "NEWNAME" + n), "MRG|" + b + "^^^GENHOSP^MR")));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(5, TimeUnit.MINUTES);
            pool.shutdown();
            try (EventTap tap = new EventTap(run, List.of("audit.record.v1"))) {
                Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                while (tap.find(e -> e.payload().get("source").get("sourceId").asString().equals("patient-identity-service")
                        && e.payload().toString().contains("\"MSH-10\"")).size() < 3 * pairs && Instant.now().isBefore(deadline)) {
                    Thread.sleep(500);
                }
            }
            String token = platform.token("dev-clinician");
            int stale = 0;
            for (int n = 0; n < pairs; n++) {
                JsonNode bundle = platform.patientsByIdentifier("GENHOSP|MRN" + run + "A" + n, token);
                String family = bundle.get("entry").get(0).get("resource").get("name").get(0).get("family").asString();
                if (!family.equals("NEWNAME" + n)) stale++;
                log.info("PROBE pair {}: survivor family {}", n, family);
            }
            log.info("PROBE {} of {} survivors show the retired MRN's pre-merge name instead of the A40's", stale, pairs);
        } finally {
            stack.close();
        }
    }

    private static void ack(String ack) {
        log.info("PROBE ack {}", ack.replace('\r', ' '));
    }

    private static void ack(Message ack) throws Exception {
        log.info("PROBE ack {}", ack.encode().replace('\r', ' '));
    }

    static final class RawMllp implements AutoCloseable {
        final java.net.Socket socket;
        RawMllp() throws Exception {
            socket = new java.net.Socket("localhost", 2575);
            socket.setSoTimeout(60_000);
        }
        String send(String message) throws Exception {
            var out = socket.getOutputStream();
            out.write(0x0b);
            out.write(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(0x1c);
            out.write(0x0d);
            out.flush();
            var in = socket.getInputStream();
            var buffer = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == 0x1c) { in.read(); break; }
                if (b != 0x0b) buffer.write(b);
            }
            if (b == -1) return "EOF after " + message.substring(0, Math.min(120, message.length())) + " got " + buffer;
            return buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
        public void close() throws Exception { socket.close(); }
    }

    private static String pid(String mrn, String family) {
        return "PID|1||" + mrn + "^^^GENHOSP^MR||" + family + "^ALEX^^^^^L||19700101|F";
    }

    private static String adt(String trigger, String structure, String id, String... segments) {
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        return "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RADIOLOGY|" + now + "||ADT^" + trigger + "^" + structure + "|" + id
                + "|P|2.5.1\rEVN|" + trigger + "|" + now + "\r" + String.join("\r", segments);
    }
}
