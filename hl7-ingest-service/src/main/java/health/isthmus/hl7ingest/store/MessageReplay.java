package health.isthmus.hl7ingest.store;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.sender.DefaultAssigningAuthority;
import health.isthmus.hl7ingest.sender.SenderDirectory;
import health.isthmus.hl7ingest.translation.Translation;
import health.isthmus.hl7ingest.translation.Translators;
import health.isthmus.platform.outbox.EventPublisher;
import java.nio.charset.Charset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes a stored message's event again, read afresh from the stored raw text, for consumers that lost
 * or mishandled it. The event gets a new id; consumers apply it like any other.
 */
@Service
public class MessageReplay {

    private static final Logger log = LoggerFactory.getLogger(MessageReplay.class);

    private final MessageStore store;
    private final Translators translators;
    private final SenderDirectory senders;
    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final PipeParser parser = Hl7Parsing.pipeParser(Hl7Parsing.newContext());

    public MessageReplay(
            MessageStore store,
            Translators translators,
            SenderDirectory senders,
            EventPublisher events,
            TransactionTemplate transactions) {
        this.store = store;
        this.translators = translators;
        this.senders = senders;
        this.events = events;
        this.transactions = transactions;
    }

    /**
     * Replays one stored message.
     *
     * @return the wire type of the event published again
     * @throws MessageNotFoundException when no message has this id
     * @throws NotReplayableException when the stored message no longer reads as an event
     */
    public String replay(long id) {
        StoredMessage stored = store.find(id).orElseThrow(() -> new MessageNotFoundException(id));
        RawHeader header = RawHeader.of(stored.rawText().getBytes(Charset.forName(stored.charset())));
        Message message;
        try {
            message = parser.parse(stored.rawText());
        } catch (HL7Exception e) {
            throw new NotReplayableException(id, "it can no longer be parsed");
        }
        var sender = senders.identify(header);
        sender.flatMap(SenderDirectory.Sender::defaultAssigningAuthority)
                .ifPresent(authority -> DefaultAssigningAuthority.fill(message, authority));
        if (!(translators.translate(message, header) instanceof Translation.Translated translated)) {
            throw new NotReplayableException(id, "it no longer reads as an event");
        }
        IsthmusEvent event = translated.event(
                id,
                stored.summary().receivedAt(),
                sender.map(SenderDirectory.Sender::site).orElse(null));
        transactions.executeWithoutResult(status -> events.publish(event));
        log.info("message {} replayed as {}", id, EventCatalog.wireType(event.getClass()));
        return EventCatalog.wireType(event.getClass());
    }

    /** No stored message has the id. */
    public static final class MessageNotFoundException extends RuntimeException {
        public MessageNotFoundException(long id) {
            super("no stored message " + id);
        }
    }

    /** The stored message cannot be read as an event any more. */
    public static final class NotReplayableException extends RuntimeException {
        public NotReplayableException(long id, String reason) {
            super("message " + id + " cannot be replayed: " + reason);
        }
    }
}
