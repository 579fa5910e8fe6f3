package health.isthmus.dicomweb.ingest;

import org.jspecify.annotations.Nullable;

/**
 * Who sent an instance, for the index, the events and the audit trail.
 *
 * @param via DIMSE or STOW
 * @param sender the calling AE title (DIMSE) or the token's subject (STOW)
 * @param remoteAddress the peer's IP address
 * @param callingAeTitle the calling AE title, for DIMSE; it names the modality's site for filing
 */
public record IngestSource(
        String via,
        String sender,
        @Nullable String remoteAddress,
        @Nullable String callingAeTitle) {

    /** A modality's C-STORE. */
    public static IngestSource dimse(String callingAeTitle, @Nullable String remoteAddress) {
        return new IngestSource("DIMSE", callingAeTitle, remoteAddress, callingAeTitle);
    }

    /** A STOW-RS request. */
    public static IngestSource stow(String subject, @Nullable String remoteAddress) {
        return new IngestSource("STOW", subject, remoteAddress, null);
    }
}
