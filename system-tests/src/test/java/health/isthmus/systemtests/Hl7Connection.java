package health.isthmus.systemtests;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One MLLP connection that stays open, as a HIS interface keeps one: HAPI's client in a context of its own, because
 * HAPI shares one connection per host and port within a context. Each context has its own threads: closing a context
 * that uses HAPI's default executor shuts that executor down for every other context too, which drops their
 * connections in the middle of an exchange.
 */
final class Hl7Connection implements AutoCloseable {

    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("hl7-connection-", 0).factory());
    private final HapiContext hl7 = new DefaultHapiContext(ValidationContextFactory.noValidation());
    private final Connection connection;

    Hl7Connection(Duration ackTimeout) throws Exception {
        hl7.setExecutorService(threads);
        connection = hl7.newClient("localhost", Platform.MLLP_PORT, false);
        connection.getInitiator().setTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a message and waits for its acknowledgment. */
    Message send(String message) throws Exception {
        return connection.getInitiator().sendAndReceive(hl7.getPipeParser().parse(message));
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
            hl7.close();
        } finally {
            threads.shutdownNow();
        }
    }
}
