package health.isthmus.dicom.dimse;

import health.isthmus.dicom.net.Association;
import org.jspecify.annotations.Nullable;

/**
 * What an N-CREATE or N-SET SCP handler knows about a request besides its attributes.
 *
 * @param association the association (calling AE title, user identity, TLS peer)
 * @param messageId the request's message id
 * @param sopClassUid the affected (N-CREATE) or requested (N-SET) SOP class
 * @param sopInstanceUid the SOP instance; for N-CREATE null when the SCP is to create the UID
 */
public record NRequest(
        Association association,
        int messageId,
        String sopClassUid,
        @Nullable String sopInstanceUid) {

    public String callingAeTitle() {
        return association.callingAeTitle();
    }
}
