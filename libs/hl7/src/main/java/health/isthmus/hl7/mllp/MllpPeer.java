package health.isthmus.hl7.mllp;

import org.jspecify.annotations.Nullable;

/**
 * The remote end of an MLLP connection.
 *
 * @param address remote host address and port, for audit
 * @param connectionId a number identifying the connection in logs
 * @param clientSubject subject distinguished name (RFC 2253) of the client's TLS certificate, {@code null}
 *     on a plain connection or when the client presented no certificate
 */
public record MllpPeer(
        String address, long connectionId, @Nullable String clientSubject) {

    /** A peer without a client certificate. */
    public MllpPeer(String address, long connectionId) {
        this(address, connectionId, null);
    }
}
