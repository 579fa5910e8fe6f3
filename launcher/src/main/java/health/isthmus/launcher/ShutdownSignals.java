package health.isthmus.launcher;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT (Ctrl-C) into a stop request instead of the JVM's immediate shutdown.
 *
 * <p>With the JVM's default handling every shutdown hook starts at once, and zonky's own hook would stop
 * PostgreSQL while the services still use it. Handling the signals lets the launcher stop services, then Kafka,
 * then PostgreSQL, in that order; the launcher's shutdown hook stays as the fallback for any other way the JVM ends.
 */
final class ShutdownSignals {

    private static final Logger log = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {}

    static void onStopSignal(Runnable stopRequest) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> stopRequest.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.debug("SIG{} stays with the JVM: {}", name, e.getMessage());
            }
        }
    }
}
