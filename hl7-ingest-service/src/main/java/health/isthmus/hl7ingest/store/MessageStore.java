package health.isthmus.hl7ingest.store;

import java.util.Optional;

/** Keeps accepted messages, once per (sending application, sending facility, control id). */
public interface MessageStore {

    /**
     * Stores a message in the current transaction.
     *
     * @return the message's id
     * @throws org.springframework.dao.DuplicateKeyException when the same message was stored before
     */
    long save(ReceivedMessage message);

    /** Stored messages matching every criterion given, newest first. */
    java.util.List<MessageSummary> search(MessageSearch search);

    /** One stored message with its raw text. */
    Optional<StoredMessage> find(long id);

    /** How many messages were stored per message type, trigger and acknowledgment code. */
    java.util.List<MessageCount> statistics();

    /** The acknowledgment code a message with these MSH-3, MSH-4 and MSH-10 got, if it was stored. */
    Optional<String> acknowledgmentCodeOf(String sendingApplication, String sendingFacility, String controlId);
}
