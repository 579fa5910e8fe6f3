package health.isthmus.hl7.mllp;

/**
 * The remote end of an MLLP connection.
 *
 * @param address remote host address and port, for audit
 * @param connectionId a number identifying the connection in logs
 */
public record MllpPeer(String address, long connectionId) {}
