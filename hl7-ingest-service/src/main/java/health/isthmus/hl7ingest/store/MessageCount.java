package health.isthmus.hl7ingest.store;

/** How many messages of one type and trigger got one acknowledgment code. */
public record MessageCount(String messageType, String triggerEvent, String acknowledgmentCode, long count) {}
