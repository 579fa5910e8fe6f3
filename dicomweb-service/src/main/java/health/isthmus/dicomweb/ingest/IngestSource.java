package health.isthmus.dicomweb.ingest;

import health.isthmus.platform.security.SiteScope;
import org.jspecify.annotations.Nullable;

/**
 * Who sent an instance, for the index, the events and the audit trail.
 *
 * @param via DIMSE or STOW
 * @param sender the calling AE title (DIMSE) or the token's subject (STOW)
 * @param remoteAddress the peer's IP address
 * @param callingAeTitle the calling AE title, for DIMSE; it names the modality's site for filing
 * @param sites the sites whose studies the sender may add to: a site-limited STOW-RS caller's, else every site
 */
public record IngestSource(
        String via,
        String sender,
        @Nullable String remoteAddress,
        @Nullable String callingAeTitle,
        SiteScope sites) {

    /** A modality's C-STORE, which may add to the study of any site. */
    public static IngestSource dimse(String callingAeTitle, @Nullable String remoteAddress) {
        return new IngestSource("DIMSE", callingAeTitle, remoteAddress, callingAeTitle, SiteScope.global());
    }

    /** A STOW-RS request by a caller that may add to the studies of the given sites. */
    public static IngestSource stow(String subject, @Nullable String remoteAddress, SiteScope sites) {
        return new IngestSource("STOW", subject, remoteAddress, null, sites);
    }

    /** A STOW-RS request by a caller limited to no site. */
    public static IngestSource stow(String subject, @Nullable String remoteAddress) {
        return stow(subject, remoteAddress, SiteScope.global());
    }
}
