package health.isthmus.hl7.mllp;

import java.time.Duration;

/**
 * Limits of an MLLP server.
 *
 * @param port TCP port (0 picks a free one)
 * @param bindAddress address to listen on ({@code 0.0.0.0} for all)
 * @param maxMessageBytes largest accepted message; a larger frame closes the connection
 * @param idleTimeout a connection silent this long is closed
 * @param maxConnections connections beyond this number are closed at once
 */
public record MllpServerSettings(
        int port, String bindAddress, int maxMessageBytes, Duration idleTimeout, int maxConnections) {

    public MllpServerSettings {
        if (maxMessageBytes < 1 || maxConnections < 1) {
            throw new IllegalArgumentException("MLLP limits must be positive");
        }
    }
}
