package health.isthmus.dicom.dimse;

import health.isthmus.dicom.net.Association;
import org.jspecify.annotations.Nullable;

/**
 * What a C-STORE SCP handler knows about an incoming instance before reading its data set.
 *
 * @param association the association (calling AE title, peer address, user identity, TLS peer)
 * @param messageId the request's message id
 * @param sopClassUid the affected SOP class UID
 * @param sopInstanceUid the affected SOP instance UID
 * @param transferSyntax the transfer syntax the data set is encoded in (that of its presentation context)
 * @param priority 0 medium, 1 high, 2 low
 * @param moveOriginatorAeTitle set when the store is a C-MOVE sub-operation
 */
public record StoreRequest(
        Association association,
        int messageId,
        String sopClassUid,
        String sopInstanceUid,
        String transferSyntax,
        int priority,
        @Nullable String moveOriginatorAeTitle) {

    /** The calling AE title of the association. */
    public String callingAeTitle() {
        return association.callingAeTitle();
    }
}
