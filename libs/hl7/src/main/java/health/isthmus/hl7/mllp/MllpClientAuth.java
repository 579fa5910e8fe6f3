package health.isthmus.hl7.mllp;

/** Whether an MLLP TLS listener asks connecting clients for a certificate. */
public enum MllpClientAuth {
    /** No client certificate is requested. */
    NONE,
    /** A client certificate is requested; a client without one may still connect. */
    WANT,
    /** A client certificate is required; the handshake fails without one. */
    NEED
}
