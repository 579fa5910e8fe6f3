package health.isthmus.launcher.demo;

import health.isthmus.hl7.mllp.MllpClient;
import health.isthmus.hl7.mllp.MllpServer;
import health.isthmus.hl7.mllp.MllpServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The hospital's side of HL7: sends ADT and orders to Isthmus over MLLP, and listens where Isthmus delivers reports
 * (ORU^R01), answering each with AA and keeping it for the demo to look at. Messages are written by hand, as a HIS
 * interface would emit them, in HL7 2.5.1.
 */
public final class HisSimulator implements AutoCloseable {

    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final String FACILITY = "GENHOSP";

    private final int mllpPort;
    private final MllpServer listener;
    private final BlockingQueue<Received> reports = new LinkedBlockingQueue<>();
    private final AtomicLong controlIds = new AtomicLong();
    private final String runId;
    private final Clock clock;

    /** A message Isthmus sent to the HIS, with when it arrived. */
    record Received(String message, Instant at) {

        /** A field of the first segment of that name ({@code OBR}, 18), or empty. */
        String field(String segment, int field) {
            for (String line : message.split("\r")) {
                String[] fields = line.split("\\|", -1);
                if (fields[0].equals(segment)) {
                    int index = segment.equals("MSH") ? field - 1 : field;
                    return index < fields.length ? fields[index] : "";
                }
            }
            return "";
        }
    }

    /**
     * Starts listening for reports on {@code listenPort}; messages go to Isthmus's MLLP port.
     *
     * @throws IOException when the port is taken
     */
    public HisSimulator(int mllpPort, int listenPort, Clock clock) throws IOException {
        this.mllpPort = mllpPort;
        this.runId = Long.toString(clock.millis(), 36).toUpperCase(java.util.Locale.ROOT);
        this.clock = clock;
        this.listener = new MllpServer(
                new MllpServerSettings(listenPort, "127.0.0.1", 4 << 20, Duration.ofMinutes(5), 16),
                (bytes, peer) -> acknowledge(new String(bytes, StandardCharsets.UTF_8)));
        listener.start();
    }

    private byte[] acknowledge(String message) {
        Received received = new Received(message, clock.instant());
        reports.add(received);
        String ack = "MSH|^~\\&|DEMO_HIS|" + FACILITY + "|" + received.field("MSH", 3) + "|" + received.field("MSH", 4)
                + "|" + now() + "||ACK^R01^ACK|" + nextControlId() + "|P|2.5.1\r"
                + "MSA|AA|" + received.field("MSH", 10) + "\r";
        return ack.getBytes(StandardCharsets.UTF_8);
    }

    /** Registers an outpatient (ADT^A04) and returns Isthmus's acknowledgment. */
    String register(DemoPatient patient) throws IOException {
        return send("MSH|^~\\&|DEMO_HIS|" + FACILITY + "|ISTHMUS|RADIOLOGY|" + now() + "||ADT^A04^ADT_A01|"
                + nextControlId() + "|P|2.5.1\r"
                + "EVN|A04|" + now() + "\r"
                + pid(patient)
                + "PV1|1|O|RAD^^^" + FACILITY + "\r");
    }

    /**
     * Orders a CT for the patient (OMI^O23 with an IPC segment naming the modality's AE title) and returns Isthmus's
     * acknowledgment.
     */
    String order(DemoPatient patient, DemoOrder order) throws IOException {
        return send("MSH|^~\\&|DEMO_HIS|" + FACILITY + "|ISTHMUS|RADIOLOGY|" + now() + "||OMI^O23^OMI_O23|"
                + nextControlId() + "|P|2.5.1\r"
                + pid(patient)
                + "PV1|1|O|RAD^^^" + FACILITY + "\r"
                + "ORC|NW|" + order.placerOrderNumber() + "^DEMO_HIS|||SC||||" + now() + "|||1234^SMITH^JOHN^^^DR\r"
                + "TQ1|||||||" + now() + "||R\r"
                + "OBR|1|" + order.placerOrderNumber() + "^DEMO_HIS||CTHEAD^CT HEAD WITHOUT CONTRAST^L\r"
                + "IPC|" + order.accessionNumber() + "^" + FACILITY + "|RP-" + order.accessionNumber() + "||SPS-"
                + order.accessionNumber() + "|CT||CT1||" + order.stationAeTitle() + "\r");
    }

    /** The next report Isthmus delivered for the accession number (OBR-18), waiting up to the timeout. */
    @Nullable
    Received awaitReport(String accessionNumber, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Received next = reports.poll(100, TimeUnit.MILLISECONDS);
            if (next != null && accessionNumber.equals(next.field("OBR", 18))) {
                return next;
            }
        }
        return null;
    }

    private String send(String message) throws IOException {
        try (MllpClient client = new MllpClient("127.0.0.1", mllpPort, Duration.ofSeconds(30))) {
            return new String(client.exchange(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        }
    }

    private static String pid(DemoPatient patient) {
        return "PID|1||" + patient.mrn() + "^^^" + FACILITY + "^MR||" + patient.family() + "^" + patient.given() + "||"
                + patient.birthDate() + "|" + patient.sex() + "\r";
    }

    private String nextControlId() {
        return "DEMO-" + runId + "-" + controlIds.incrementAndGet();
    }

    private String now() {
        return HL7_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
    }

    @Override
    public void close() {
        listener.close();
    }
}
