package health.isthmus.dicomweb.ingest;

import health.isthmus.dicom.dimse.Status;
import health.isthmus.events.archive.ArchivedStudy;
import org.jspecify.annotations.Nullable;

/**
 * What became of one instance; the status is the C-STORE response status and the STOW-RS Failure Reason or Warning
 * Reason (PS3.18 Table 10.5.3-1 lists the same codes).
 *
 * @param result what happened
 * @param status the DIMSE status code
 * @param reason why, for failures and warnings; never patient data
 * @param studyInstanceUid the instance's study, when it could be read
 * @param seriesInstanceUid its series, when it could be read
 * @param sopInstanceUid the instance, when it could be read
 * @param sopClassUid its SOP class, when it could be read
 * @param study the study after the store, for stored instances
 */
public record IngestOutcome(
        Result result,
        int status,
        @Nullable String reason,
        @Nullable String studyInstanceUid,
        @Nullable String seriesInstanceUid,
        @Nullable String sopInstanceUid,
        @Nullable String sopClassUid,
        @Nullable ArchivedStudy study) {

    /** What happened to an instance. */
    public enum Result {
        /** Stored and indexed (answered 0000). */
        STORED,
        /** The same bytes were stored before; nothing changed (answered 0000). */
        DUPLICATE,
        /** Other content for a known SOP Instance UID, kept aside for an admin while the first stays served (0000). */
        CONFLICT_KEPT,
        /** Other content for a known SOP Instance UID replaced the stored instance (policy {@code replace}, 0000). */
        REPLACED,
        /** Other content for a known SOP Instance UID, refused (0111 Duplicate SOP Instance). */
        CONFLICT_REFUSED,
        /** The instance is not acceptable as sent (A900, C000) or not from this sender (0124); nothing stored. */
        INVALID,
        /** The archive could not store it (A700, 0110); nothing stored, the sender may retry. */
        FAILED
    }

    /** Whether the sender may consider the instance stored. */
    public boolean stored() {
        return status == Status.SUCCESS || (status & 0xF000) == 0xB000;
    }

    static IngestOutcome refused(Result result, int status, String reason, @Nullable InstanceHeader header) {
        return new IngestOutcome(
                result,
                status,
                reason,
                header == null ? null : header.studyInstanceUid(),
                header == null ? null : header.seriesInstanceUid(),
                header == null ? null : header.sopInstanceUid(),
                header == null ? null : header.sopClassUid(),
                null);
    }
}
