package health.isthmus.hl7.mllp;

/**
 * Hears of each TLS connection an {@link MllpServer} refuses (a failed handshake, or a client certificate not on the
 * allowlist), for an application to audit; called on the connection's thread, after the connection was closed.
 */
@FunctionalInterface
public interface MllpTlsRefusals {

    /**
     * @param address the client's IP address
     * @param reason why, with the TLS layer's message or the certificate's SHA-256 fingerprint
     */
    void refused(String address, String reason);
}
