package health.isthmus.hl7ingest.store;

import health.isthmus.platform.security.SiteScope;
import java.util.Optional;

/** Keeps accepted messages, once per (sending application, sending facility, control id). */
public interface MessageStore {

    /**
     * Stores messages and their events in the current transaction, with one statement for the group. A message
     * stored before (or earlier in the same group) is not stored again, and its events are not written.
     *
     * @param messages the messages, each sealed by {@link #seal} under an id from {@link #reserveIds}
     * @param events the outbox rows to write in this order, each with the id of the message it follows from (0:
     *     written whatever happens to the messages)
     * @return for each message in order, its id if this call stored it, or no id and the acknowledgment code it
     *     got before
     */
    java.util.List<Saved> saveAll(java.util.List<Sealed> messages, java.util.List<EventOfMessage> events);

    /** Ids for messages about to be stored, fetched from the database in blocks. */
    long[] reserveIds(int count);

    /**
     * A message ready for {@link #saveAll}: its raw text encrypted for the store under the id reserved for it. Each
     * connection seals its own message before it joins a group, so that the group's commit does not wait for it.
     *
     * @param id from {@link #reserveIds}
     */
    Sealed seal(long id, ReceivedMessage message);

    /**
     * A message to store under an id reserved for it, its raw text encrypted.
     *
     * @param rawSealed the raw text as the store keeps it
     * @param keyId the key it was encrypted with
     */
    record Sealed(long id, ReceivedMessage message, byte[] rawSealed, String keyId) {}

    /**
     * An outbox row and the message it follows from.
     *
     * @param messageId the message's reserved id, or 0 for a row written whether or not a message is stored
     */
    record EventOfMessage(long messageId, health.isthmus.platform.outbox.TransactionalOutbox.OutboxEntry entry) {}

    /**
     * What became of one message given to {@link #saveAll}.
     *
     * @param id the new message's id; null when it had been stored before
     * @param acknowledgmentCode the code to answer: its own, or the one the first copy got
     */
    record Saved(@org.jspecify.annotations.Nullable Long id, String acknowledgmentCode) {

        /** Whether this call stored it (false for a resend). */
        public boolean isNew() {
            return id != null;
        }
    }

    /** Encrypts up to {@code limit} messages stored in plain text by earlier versions; returns how many. */
    int sealPlainMessages(int limit);

    /** Deletes up to {@code limit} of the oldest messages received before {@code cutoff}; returns how many. */
    int purgeReceivedBefore(java.time.Instant cutoff, int limit);

    /** Stored messages matching every criterion given, newest first. */
    java.util.List<MessageSummary> search(MessageSearch search);

    /** One stored message with its raw text. */
    Optional<StoredMessage> find(long id);

    /** How many messages were stored per message type, trigger and acknowledgment code. */
    java.util.List<MessageCount> statistics(SiteScope sites);

    /** The senders (MSH-3, MSH-4) of messages stored without a site, at most {@code limit} of them. */
    java.util.List<Sender> sendersWithoutSite(int limit);

    /** Records the site of a sender's messages stored without one; the number of messages changed. */
    int assignSite(Sender sender, String site);

    /** A message's sender as stored. */
    record Sender(String sendingApplication, String sendingFacility) {}

    /** The acknowledgment code a message with these MSH-3, MSH-4 and MSH-10 got, if it was stored. */
    Optional<String> acknowledgmentCodeOf(String sendingApplication, String sendingFacility, String controlId);
}
