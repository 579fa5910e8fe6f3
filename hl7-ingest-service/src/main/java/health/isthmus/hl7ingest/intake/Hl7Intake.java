package health.isthmus.hl7ingest.intake;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.hl7.ack.Acknowledgments;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.Hl7Charsets;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.appack.PendingApplicationAck;
import health.isthmus.hl7ingest.audit.MessageAudit;
import health.isthmus.hl7ingest.sender.DefaultAssigningAuthority;
import health.isthmus.hl7ingest.sender.SenderDirectory;
import health.isthmus.hl7ingest.store.MessageStore;
import health.isthmus.hl7ingest.store.ReceivedMessage;
import health.isthmus.hl7ingest.translation.AcceptanceRule;
import health.isthmus.hl7ingest.translation.Translation;
import health.isthmus.hl7ingest.translation.Translators;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Receives one HL7 v2 message and decides its acknowledgment. AA (CA in enhanced mode) is answered only
 * after the message, its events and its audit record are committed (in a group with other connections'
 * messages); AE/CE (invalid content) and AR/CR (unreadable, unsupported, or not storable now) store no
 * message, only the audit record of the refusal. A resent message (same MSH-3, MSH-4, MSH-10) gets the
 * acknowledgment code it got the first time and produces no second event. In enhanced mode, a sender that
 * asks for application acknowledgments (MSH-16) gets one at its configured return address.
 */
@Service
public class Hl7Intake {

    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);
    private static final Pattern MESSAGE_TYPE = Pattern.compile("[A-Z]{3}");

    private final PipeParser parser;
    private final Translators translators;
    private final List<AcceptanceRule> rules;
    private final SenderDirectory senders;
    private final GroupCommit commits;
    private final Charset defaultCharset;
    private final Clock clock;
    private final MeterRegistry meters;
    /** The received-messages counter of each message type and outcome, looked up once. */
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    /** From a message's bytes to its acknowledgment's, commit included. */
    private final Timer handling;

    Hl7Intake(
            Translators translators,
            List<AcceptanceRule> rules,
            SenderDirectory senders,
            GroupCommit commits,
            MllpProperties properties,
            Clock clock,
            MeterRegistry meters) {
        HapiContext context = Hl7Parsing.newContext();
        this.parser = Hl7Parsing.pipeParser(context);
        this.translators = translators;
        this.rules = List.copyOf(rules);
        this.senders = senders;
        this.commits = commits;
        this.defaultCharset = Charset.forName(properties.defaultCharset());
        this.clock = clock;
        this.meters = meters;
        this.handling = HandlingTimer.of("all", meters);
    }

    /**
     * Handles one message's bytes and returns the acknowledgment's bytes, in the message's character set.
     *
     * @param remoteAddress where the message came from, kept with it
     */
    public byte[] receive(byte[] raw, String remoteAddress) {
        long started = System.nanoTime();
        RawHeader header = RawHeader.of(raw);
        MDC.put("hl7ControlId", header.controlId());
        try {
            Optional<SenderDirectory.Sender> sender = senders.identify(header);
            if (sender.isEmpty() && RawHeader.startsWithMsh(raw)) {
                return reject(
                        header,
                        null,
                        remoteAddress,
                        ErrorCode.UNKNOWN_KEY_IDENTIFIER,
                        "sender " + header.sendingApplication() + " of " + header.sendingFacility()
                                + " is not configured here",
                        "unknown-sender");
            }
            String site = sender.map(SenderDirectory.Sender::site).orElse(null);
            Charset charset;
            try {
                charset = Hl7Charsets.detect(
                        raw, sender.flatMap(SenderDirectory.Sender::charset).orElse(defaultCharset));
            } catch (Hl7Charsets.UnsupportedCharsetException e) {
                return reject(
                        header, site, remoteAddress, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, e.getMessage(), "charset");
            }
            String text = new String(raw, charset);
            Message message;
            try {
                message = parser.parse(text);
            } catch (HL7Exception e) {
                return reject(
                        header,
                        site,
                        remoteAddress,
                        ErrorCode.SEGMENT_SEQUENCE_ERROR,
                        "message could not be parsed: " + e.getMessage(),
                        "unparseable");
            }
            sender.flatMap(SenderDirectory.Sender::defaultAssigningAuthority)
                    .ifPresent(authority -> DefaultAssigningAuthority.fill(message, authority));
            Received received = new Received(message, header, text, charset, remoteAddress, sender.orElseThrow());
            return decide(received).getBytes(charset);
        } finally {
            MDC.remove("hl7ControlId");
            handling.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** A parsed message and what is known of where it came from. */
    private record Received(
            Message message,
            RawHeader header,
            String text,
            Charset charset,
            String remoteAddress,
            SenderDirectory.Sender sender) {}

    private String decide(Received received) {
        AcknowledgmentMode mode = AcknowledgmentMode.of(received.message());
        Translation translation = checked(
                translators.translate(received.message(), received.header()),
                received.sender().site());
        return switch (translation) {
            case Translation.Unsupported unsupported -> {
                count(received.header(), "rejected");
                auditRefusal(received, "", true, unsupported.problem().text(), null);
                yield Acknowledgments.forMessage(received.message(), mode.rejected(), unsupported.problem());
            }
            case Translation.Invalid invalid -> {
                count(received.header(), "error");
                log.info(
                        "message refused with {}: {}",
                        mode.error(),
                        invalid.problem().text());
                auditRefusal(
                        received,
                        "",
                        false,
                        invalid.problem().text(),
                        applicationAck(received, mode, AcknowledgmentCode.AE, invalid.problem()));
                yield Acknowledgments.forMessage(received.message(), mode.error(), invalid.problem());
            }
            case Translation.Accepted accepted -> commit(received, accepted, mode);
        };
    }

    /** The translation, or Invalid when its event breaks an acceptance rule. */
    private Translation checked(Translation translation, @Nullable String site) {
        if (rules.isEmpty() || !(translation instanceof Translation.Translated translated)) {
            return translation;
        }
        @Nullable IsthmusEvent event = null;
        for (AcceptanceRule rule : rules) {
            if (!rule.concerns(translated.triggerEvent())) {
                continue;
            }
            if (event == null) {
                event = translated.event(0L, clock.instant(), site);
            }
            Optional<Hl7Problem> breach = rule.breach(event);
            if (breach.isPresent()) {
                return new Translation.Invalid(breach.get());
            }
        }
        return translation;
    }

    private String commit(Received received, Translation.Accepted outcome, AcknowledgmentMode mode) {
        Instant receivedAt = clock.instant();
        String site = received.sender().site();
        ReceivedMessage message = new ReceivedMessage(
                received.header(),
                outcome.triggerEvent(),
                received.text(),
                received.charset().name(),
                received.remoteAddress(),
                receivedAt,
                mode.accepted().name(),
                outcome.patientKey(),
                site);
        CommitRequest request = new CommitRequest(
                message,
                id -> {
                    IsthmusEvent event = outcome instanceof Translation.Translated translated
                            ? translated.event(id, receivedAt, site)
                            : null;
                    AuditEventRecorded audit = MessageAudit.stored(
                            received.header(), site, received.remoteAddress(), outcome.patientKey(), event, receivedAt);
                    return event == null ? List.of(audit) : List.of(event, audit);
                },
                applicationAck(received, mode, AcknowledgmentCode.AA, null));
        MessageStore.Saved saved;
        try {
            saved = commits.commit(request);
        } catch (GroupCommit.CommitFailedException e) {
            count(received.header(), "not-stored");
            log.warn("message not stored, answered {}: {}", mode.storageFailed(), e.getMessage());
            return Acknowledgments.forMessage(
                    received.message(),
                    mode.storageFailed(),
                    new Hl7Problem(
                            ErrorCode.APPLICATION_INTERNAL_ERROR,
                            "the message could not be stored; send it again",
                            null,
                            0));
        }
        if (saved.isNew()) {
            count(received.header(), "accepted");
            log.debug("message committed with trigger {}", outcome.triggerEvent());
        } else {
            count(received.header(), "duplicate");
            log.debug("resent message answered with its earlier code {}", saved.acknowledgmentCode());
        }
        return Acknowledgments.forReceived(
                received.text(), received.message(), AcknowledgmentCode.valueOf(saved.acknowledgmentCode()));
    }

    /** The application acknowledgment the sender asked for (enhanced mode, MSH-16), if any and if deliverable. */
    private @Nullable PendingApplicationAck applicationAck(
            Received received, AcknowledgmentMode mode, AcknowledgmentCode code, @Nullable Hl7Problem problem) {
        if (mode != AcknowledgmentMode.ENHANCED || !wantsApplicationAck(received.message(), code)) {
            return null;
        }
        Optional<String> address = received.sender().applicationAckAddress();
        if (address.isEmpty()) {
            meters.counter("isthmus.hl7ingest.application-acks.undeliverable").increment();
            log.info(
                    "sender {} asked for an application acknowledgment but has no return address configured",
                    received.header().sendingFacility());
            return null;
        }
        return new PendingApplicationAck(
                address.get(),
                received.header().controlId(),
                received.header().sendingApplication(),
                received.header().sendingFacility(),
                code.name(),
                Acknowledgments.applicationAcknowledgment(received.message(), code, problem),
                received.charset().name());
    }

    /** MSH-16: AL always, ER on errors only, SU on success only, NE (or empty) never. */
    private static boolean wantsApplicationAck(Message message, AcknowledgmentCode code) {
        String condition;
        try {
            condition = new Terser(message).get("/MSH-16");
        } catch (HL7Exception e) {
            return false;
        }
        return switch (condition == null ? "" : condition.trim()) {
            case "AL" -> true;
            case "ER" -> code != AcknowledgmentCode.AA;
            case "SU" -> code == AcknowledgmentCode.AA;
            default -> false;
        };
    }

    private byte[] reject(
            RawHeader header,
            @Nullable String site,
            String remoteAddress,
            ErrorCode code,
            String reason,
            String outcome) {
        count(header, outcome);
        log.info("message rejected with AR: {}", reason);
        commitAudit(MessageAudit.refused(header, site, remoteAddress, "", true, reason, clock.instant()), null);
        // the header is ASCII; the rejection goes back in the default character set
        return Acknowledgments.rejectUnparseable(header, code, reason).getBytes(defaultCharset);
    }

    private void auditRefusal(
            Received received,
            String patientKey,
            boolean unreadable,
            String reason,
            @Nullable PendingApplicationAck applicationAck) {
        commitAudit(
                MessageAudit.refused(
                        received.header(),
                        received.sender().site(),
                        received.remoteAddress(),
                        patientKey,
                        unreadable,
                        reason,
                        clock.instant()),
                applicationAck);
    }

    private void commitAudit(AuditEventRecorded audit, @Nullable PendingApplicationAck applicationAck) {
        try {
            commits.commit(new CommitRequest(null, id -> List.of(audit), applicationAck));
        } catch (GroupCommit.CommitFailedException e) {
            // the refusal stands whether or not its record could be kept
            log.warn("audit record of a refused message not kept: {}", e.getMessage());
        }
    }

    private void count(RawHeader header, String outcome) {
        String sent = header.messageType().split("\\^", -1)[0];
        // the tag stays low-cardinality whatever a sender writes
        String type = MESSAGE_TYPE.matcher(sent).matches() ? sent : "other";
        received.computeIfAbsent(
                        type + ' ' + outcome,
                        key -> meters.counter("isthmus.hl7ingest.messages.received", "type", type, "outcome", outcome))
                .increment();
    }
}
