package health.isthmus.dicom.dimse;

import health.isthmus.dicom.net.Association;

/**
 * What a C-FIND SCP handler knows about a query besides its identifier.
 *
 * @param association the association (calling AE title, user identity, TLS peer)
 * @param messageId the request's message id
 * @param sopClassUid the query information model (Modality Worklist, Study Root, ...)
 * @param priority 0 medium, 1 high, 2 low
 */
public record FindRequest(Association association, int messageId, String sopClassUid, int priority) {

    public String callingAeTitle() {
        return association.callingAeTitle();
    }
}
