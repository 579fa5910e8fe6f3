package health.isthmus.report;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.hl7.ack.Acknowledgments;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.mllp.MllpServer;
import health.isthmus.hl7.mllp.MllpServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A HIS listener standing in for the hospital: an MLLP server (libs/hl7) on a fixed loopback port that parses every
 * message with HAPI, records it, and answers AA, or AE with a reason for the accession numbers told to refuse. It can
 * be stopped and started again on the same port.
 */
final class TestHis implements AutoCloseable {

    private final int port;
    private final PipeParser parser = Hl7Parsing.pipeParser(Hl7Parsing.newContext());
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private volatile @Nullable MllpServer server;
    private volatile java.util.concurrent.@Nullable CountDownLatch hold;

    TestHis(int port) {
        this.port = port;
    }

    synchronized TestHis start() {
        MllpServer started = new MllpServer(
                new MllpServerSettings(port, "127.0.0.1", 1 << 20, Duration.ofSeconds(30), 10), (bytes, peer) -> {
                    try {
                        Message message = parser.parse(new String(bytes, StandardCharsets.UTF_8));
                        received.add(message);
                        java.util.concurrent.CountDownLatch held = hold;
                        if (held != null) {
                            hold = null;
                            held.await();
                        }
                        String accession = new Terser(message).get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-18");
                        String refusal = accession == null ? null : refusals.get(accession);
                        String ack = refusal == null
                                ? Acknowledgments.forMessage(message, AcknowledgmentCode.AA)
                                : Acknowledgments.forMessage(
                                        message,
                                        AcknowledgmentCode.AE,
                                        new Hl7Problem(ErrorCode.UNKNOWN_KEY_IDENTIFIER, refusal, "OBR", 18));
                        return ack.getBytes(StandardCharsets.UTF_8);
                    } catch (HL7Exception e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                });
        try {
            started.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = started;
        return this;
    }

    synchronized void stop() {
        MllpServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    /**
     * Records the next message but answers it only when the returned latch is counted down, as a HIS that is slow to
     * acknowledge.
     */
    java.util.concurrent.CountDownLatch holdNext() {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        hold = latch;
        return latch;
    }

    /** Answers the ORUs of this accession number with AE and the reason, until told otherwise. */
    void refuse(String accessionNumber, String reason) {
        refusals.put(accessionNumber, reason);
    }

    void accept(String accessionNumber) {
        refusals.remove(accessionNumber);
    }

    /** The ORUs received for an accession number (OBR-18), in arrival order. */
    List<Terser> receivedFor(String accessionNumber) {
        return received.stream()
                .map(Terser::new)
                .filter(t -> accessionNumber.equals(get(t, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-18")))
                .toList();
    }

    /** Waits until {@code count} ORUs of the accession number arrived; returns those received by then. */
    List<Terser> awaitReceived(String accessionNumber, int count, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (receivedFor(accessionNumber).size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        return receivedFor(accessionNumber);
    }

    static @Nullable String get(Terser terser, String path) {
        try {
            return terser.get(path);
        } catch (HL7Exception e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
