package health.isthmus.events.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import java.time.Instant;

/**
 * An instance is durably stored and indexed (C-STORE or STOW-RS); a resend of the same bytes publishes nothing.
 *
 * @param study the study after the instance joined it
 * @param seriesInstanceUid the Series Instance UID (0020,000E)
 * @param sopInstanceUid the SOP Instance UID (0008,0018)
 * @param sopClassUid the SOP Class UID (0008,0016)
 * @param transferSyntaxUid the transfer syntax the instance is stored in (as sent)
 * @param sha256 the SHA-256 digest of the stored Part 10 file, hex
 * @param size the stored file's size in bytes
 * @param receivedVia DIMSE or STOW
 * @param receivedFrom the calling AE title (DIMSE) or the token's subject (STOW)
 * @param storedAt when the index committed it
 */
@EventContract(type = "archive.InstanceStored", version = 1, topic = ArchiveTopics.STUDY)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceStored(
        ArchivedStudy study,
        String seriesInstanceUid,
        String sopInstanceUid,
        String sopClassUid,
        String transferSyntaxUid,
        String sha256,
        long size,
        String receivedVia,
        String receivedFrom,
        Instant storedAt)
        implements ArchiveStudyEvent {}
