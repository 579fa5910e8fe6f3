package health.isthmus.hl7ingest.intake;

import health.isthmus.hl7.mllp.MllpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The lifecycle every MLLP listener of this service shares: bind when the context is ready, stop first on
 * shutdown so that no message arrives while the intake's dependencies close.
 */
public abstract class MllpListener implements SmartLifecycle {

    private @Nullable MllpServer server;

    /** The server to start, not yet bound. */
    protected abstract MllpServer createServer();

    /** What the listener is called in errors, for example {@code "MLLP on port 2575"}. */
    protected abstract String description();

    /** Called once the server is bound. */
    protected void started(MllpServer server) {}

    @Override
    public synchronized void start() {
        MllpServer created = createServer();
        try {
            created.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for " + description(), e);
        }
        server = created;
        started(created);
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
            throw new IllegalStateException(description() + " is not running");
        }
        return current.port();
    }
}
