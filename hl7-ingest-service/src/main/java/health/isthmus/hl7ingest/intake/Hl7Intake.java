package health.isthmus.hl7ingest.intake;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import health.isthmus.hl7.ack.Acknowledgments;
import health.isthmus.hl7.message.Hl7Charsets;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.sender.DefaultAssigningAuthority;
import health.isthmus.hl7ingest.sender.SenderDirectory;
import health.isthmus.hl7ingest.store.MessageStore;
import health.isthmus.hl7ingest.store.ReceivedMessage;
import health.isthmus.hl7ingest.translation.Translation;
import health.isthmus.hl7ingest.translation.Translators;
import health.isthmus.platform.outbox.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives one HL7 v2 message and decides its acknowledgment. AA (CA in enhanced mode) is answered only
 * after the message and its events are committed; AE/CE (invalid content) and AR/CR (unreadable or
 * unsupported) store nothing. A resent message (same MSH-3, MSH-4, MSH-10) gets the acknowledgment code
 * it got the first time.
 */
@Service
public class Hl7Intake {

    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);

    private final PipeParser parser;
    private final Translators translators;
    private final SenderDirectory senders;
    private final MessageStore store;
    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Charset defaultCharset;
    private final Clock clock;
    private final MeterRegistry meters;

    public Hl7Intake(
            Translators translators,
            SenderDirectory senders,
            MessageStore store,
            EventPublisher events,
            TransactionTemplate transactions,
            MllpProperties properties,
            Clock clock,
            MeterRegistry meters) {
        HapiContext context = Hl7Parsing.newContext();
        this.parser = Hl7Parsing.pipeParser(context);
        this.translators = translators;
        this.senders = senders;
        this.store = store;
        this.events = events;
        this.transactions = transactions;
        this.defaultCharset = Charset.forName(properties.defaultCharset());
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Handles one message's bytes and returns the acknowledgment's bytes, in the message's character set.
     *
     * @param remoteAddress where the message came from, kept with it
     */
    public byte[] receive(byte[] raw, String remoteAddress) {
        RawHeader header = RawHeader.of(raw);
        MDC.put("hl7ControlId", header.controlId());
        try {
            Optional<SenderDirectory.Sender> sender = senders.identify(header);
            if (sender.isEmpty() && RawHeader.startsWithMsh(raw)) {
                return reject(
                        header,
                        ErrorCode.UNKNOWN_KEY_IDENTIFIER,
                        "sender " + header.sendingApplication() + " of " + header.sendingFacility()
                                + " is not configured here",
                        "unknown-sender");
            }
            Charset charset;
            try {
                charset = Hl7Charsets.detect(
                        raw, sender.flatMap(SenderDirectory.Sender::charset).orElse(defaultCharset));
            } catch (Hl7Charsets.UnsupportedCharsetException e) {
                return reject(header, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, e.getMessage(), "charset");
            }
            String text = new String(raw, charset);
            Message message;
            try {
                message = parser.parse(text);
            } catch (HL7Exception e) {
                return reject(
                        header,
                        ErrorCode.SEGMENT_SEQUENCE_ERROR,
                        "message could not be parsed: " + e.getMessage(),
                        "unparseable");
            }
            sender.flatMap(SenderDirectory.Sender::defaultAssigningAuthority)
                    .ifPresent(authority -> DefaultAssigningAuthority.fill(message, authority));
            return decide(message, header, text, charset, remoteAddress).getBytes(charset);
        } finally {
            MDC.remove("hl7ControlId");
        }
    }

    private String decide(Message message, RawHeader header, String text, Charset charset, String remoteAddress) {
        AcknowledgmentMode mode = AcknowledgmentMode.of(message);
        Optional<String> earlier =
                store.acknowledgmentCodeOf(header.sendingApplication(), header.sendingFacility(), header.controlId());
        if (earlier.isPresent()) {
            count(header, "duplicate");
            log.debug("resent message answered with its earlier code {}", earlier.get());
            return Acknowledgments.forMessage(message, AcknowledgmentCode.valueOf(earlier.get()));
        }
        Translation translation = translators.translate(message, header);
        return switch (translation) {
            case Translation.Unsupported unsupported -> {
                count(header, "rejected");
                yield Acknowledgments.forMessage(message, mode.rejected(), unsupported.problem());
            }
            case Translation.Invalid invalid -> {
                count(header, "error");
                log.info("message refused with AE: {}", invalid.problem().text());
                yield Acknowledgments.forMessage(message, mode.error(), invalid.problem());
            }
            case Translation.Accepted accepted ->
                commit(message, header, text, charset, remoteAddress, accepted, mode.accepted());
        };
    }

    private String commit(
            Message message,
            RawHeader header,
            String text,
            Charset charset,
            String remoteAddress,
            Translation.Accepted outcome,
            AcknowledgmentCode accepted) {
        String trigger = outcome.triggerEvent();
        ReceivedMessage received = new ReceivedMessage(
                header,
                trigger,
                text,
                charset.name(),
                remoteAddress,
                clock.instant(),
                accepted.name(),
                outcome.patientKey());
        try {
            transactions.executeWithoutResult(status -> {
                long id = store.save(received);
                if (outcome instanceof Translation.Translated translated) {
                    events.publish(translated.event(id, received.receivedAt()));
                }
            });
        } catch (DuplicateKeyException e) {
            // the same message arrived concurrently on another connection and was committed first
            count(header, "duplicate");
            return Acknowledgments.forMessage(message, accepted);
        }
        count(header, "accepted");
        log.debug("message committed with trigger {}", trigger);
        return Acknowledgments.forMessage(message, accepted);
    }

    private byte[] reject(RawHeader header, ErrorCode code, String reason, String outcome) {
        count(header, outcome);
        log.info("message rejected with AR: {}", reason);
        // the header is ASCII; the rejection goes back in the default character set
        return Acknowledgments.rejectUnparseable(header, code, reason).getBytes(defaultCharset);
    }

    private void count(RawHeader header, String outcome) {
        String type = header.messageType().split("\\^", -1)[0];
        if (!type.matches("[A-Z]{3}")) {
            type = "other"; // the tag stays low-cardinality whatever a sender writes
        }
        meters.counter("isthmus.hl7ingest.messages.received", "type", type, "outcome", outcome)
                .increment();
    }
}
