package health.isthmus.hl7ingest.store;

/**
 * A stored message with its raw text.
 *
 * @param summary what a search lists of it
 * @param charset the character set it was decoded with
 * @param remoteAddress where it came from
 * @param rawText the message as received, segments separated by carriage returns
 */
public record StoredMessage(MessageSummary summary, String charset, String remoteAddress, String rawText) {}
