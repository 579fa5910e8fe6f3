package health.isthmus.hl7ingest.intake;

import health.isthmus.hl7.mllp.MllpServer;
import health.isthmus.hl7.mllp.MllpServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Listens for HL7 v2 over MLLP and hands every message to the intake. */
@Component
public class MllpIntakeListener implements SmartLifecycle {

    private final MllpProperties properties;
    private final Hl7Intake intake;
    private @Nullable MllpServer server;

    public MllpIntakeListener(MllpProperties properties, Hl7Intake intake) {
        this.properties = properties;
        this.intake = intake;
    }

    @Override
    public synchronized void start() {
        MllpServer started = new MllpServer(
                new MllpServerSettings(
                        properties.port(),
                        properties.bindAddress(),
                        (int) properties.maxMessageSize().toBytes(),
                        properties.idleTimeout(),
                        properties.maxConnections()),
                (message, peer) -> intake.receive(message, peer.address()));
        try {
            started.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for MLLP on port " + properties.port(), e);
        }
        server = started;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    @Override
    public int getPhase() {
        // start after everything the intake needs, stop first so no message arrives during shutdown
        return Integer.MAX_VALUE - 1024;
    }

    /** The bound port. */
    public int port() {
        MllpServer current = server;
        if (current == null) {
            throw new IllegalStateException("MLLP listener not running");
        }
        return current.port();
    }
}
