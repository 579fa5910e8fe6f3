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

    /** The acknowledgment code a message with these MSH-3, MSH-4 and MSH-10 got, if it was stored. */
    Optional<String> acknowledgmentCodeOf(String sendingApplication, String sendingFacility, String controlId);
}
