package health.isthmus.hl7ingest.store;

import health.isthmus.hl7.message.RawHeader;
import java.time.Instant;

/**
 * A message as it is kept: its raw text, the header fields it is found by, and the answer it got.
 *
 * @param header MSH fields
 * @param triggerEvent MSH-9 trigger
 * @param rawText the message decoded with {@code charset}, Z-segments and all
 * @param charset the character set the bytes were decoded with
 * @param remoteAddress the sender's address
 * @param receivedAt when it was committed
 * @param acknowledgmentCode the code answered (AA or CA)
 * @param patientKey the qualified primary identifier of the patient the message is about
 * @param site the site its sender speaks for
 */
public record ReceivedMessage(
        RawHeader header,
        String triggerEvent,
        String rawText,
        String charset,
        String remoteAddress,
        Instant receivedAt,
        String acknowledgmentCode,
        String patientKey,
        String site) {}
