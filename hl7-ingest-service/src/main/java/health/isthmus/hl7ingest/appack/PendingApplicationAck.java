package health.isthmus.hl7ingest.appack;

/**
 * An application acknowledgment to deliver once its message's outcome is committed.
 *
 * @param destination the sender's return address, {@code host:port}
 * @param acknowledgedControlId MSH-10 of the message it answers
 * @param sendingApplication MSH-3 of that message
 * @param sendingFacility MSH-4 of that message
 * @param code AA, AE or AR
 * @param payload the acknowledgment message
 * @param charset the character set it is sent in
 */
public record PendingApplicationAck(
        String destination,
        String acknowledgedControlId,
        String sendingApplication,
        String sendingFacility,
        String code,
        String payload,
        String charset) {}
