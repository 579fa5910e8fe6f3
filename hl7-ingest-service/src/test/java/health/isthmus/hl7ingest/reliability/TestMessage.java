package health.isthmus.hl7ingest.reliability;

/**
 * One HL7 message of a reliability run.
 *
 * @param key {@code MSH-3|MSH-4|MSH-10}, what identifies a resend
 * @param controlId MSH-10
 * @param bytes the message as sent
 */
record TestMessage(String key, String controlId, byte[] bytes) {

    static String key(String sendingApplication, String sendingFacility, String controlId) {
        return sendingApplication + "|" + sendingFacility + "|" + controlId;
    }
}
