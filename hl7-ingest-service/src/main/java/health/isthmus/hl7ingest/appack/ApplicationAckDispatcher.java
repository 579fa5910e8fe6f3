package health.isthmus.hl7ingest.appack;

import health.isthmus.hl7.mllp.MllpClient;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers committed application acknowledgments over MLLP to each sender's return address. A delivery
 * counts when the sender answers with AA or CA; otherwise it is retried with a growing delay. Several
 * instances may run: each claims its acknowledgments with row locks.
 */
@Component
public class ApplicationAckDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ApplicationAckDispatcher.class);
    private static final int BATCH = 50;

    private final ApplicationAckOutbox outbox;
    private final ApplicationAckProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ApplicationAckDispatcher(
            ApplicationAckOutbox outbox,
            ApplicationAckProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.outbox = outbox;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Sends what is due; runs every {@code isthmus.hl7-ingest.application-ack.poll-interval}. */
    @Scheduled(fixedDelayString = "${isthmus.hl7-ingest.application-ack.poll-interval:PT0.5S}")
    public void deliverDue() {
        List<ApplicationAckOutbox.DueAck> due;
        do {
            Instant now = clock.instant();
            Instant leaseUntil = now.plus(properties.timeout().multipliedBy(2L * BATCH));
            due = transactions.execute(status -> outbox.claimDue(now, leaseUntil, BATCH));
            if (due == null) {
                return;
            }
            due.forEach(this::deliver);
        } while (due.size() == BATCH);
    }

    private void deliver(ApplicationAckOutbox.DueAck ack) {
        String failure;
        try {
            String reply = send(ack);
            String code = acknowledgmentCode(reply);
            if (code.equals("AA") || code.equals("CA")) {
                outbox.delivered(ack.id(), clock.instant());
                return;
            }
            failure = "the sender answered " + (code.isEmpty() ? "without an MSA segment" : code);
        } catch (IOException | IllegalArgumentException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        int attempts = ack.attempts() + 1;
        Instant next =
                attempts >= properties.maxAttempts() ? null : clock.instant().plus(properties.delayAfter(attempts));
        if (next == null) {
            log.warn(
                    "application acknowledgment {} to {} given up after {} attempts: {}",
                    ack.id(),
                    ack.destination(),
                    attempts,
                    failure);
        } else {
            log.info(
                    "application acknowledgment {} to {} not delivered ({}); next attempt at {}",
                    ack.id(),
                    ack.destination(),
                    failure,
                    next);
        }
        outbox.failed(ack.id(), failure, next);
    }

    private String send(ApplicationAckOutbox.DueAck ack) throws IOException {
        int colon = ack.destination().lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("return address '" + ack.destination() + "' is not host:port");
        }
        String host = ack.destination().substring(0, colon);
        int port = Integer.parseInt(ack.destination().substring(colon + 1));
        Charset charset = Charset.forName(ack.charset());
        try (MllpClient client = new MllpClient(host, port, properties.timeout())) {
            return new String(client.exchange(ack.payload().getBytes(charset)), charset);
        }
    }

    private static String acknowledgmentCode(String reply) {
        for (String segment : reply.split("[\r\n]+")) {
            if (segment.startsWith("MSA") && segment.length() > 4) {
                String[] fields = segment.split(java.util.regex.Pattern.quote(String.valueOf(segment.charAt(3))), -1);
                return fields.length > 1 ? fields[1] : "";
            }
        }
        return "";
    }
}
