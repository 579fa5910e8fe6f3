package health.isthmus.dicom.net;

/**
 * An association request a {@link DicomServer} answered with A-ASSOCIATE-RJ.
 *
 * @param callingAeTitle the AE title the requestor gave
 * @param calledAeTitle the AE title it called
 * @param remoteAddress the requestor's IP address
 * @param reason why, for example {@code called AE title 'WRONG_AE' is not ARCHIVE}; never a passcode
 * @param reject the result, source and reason codes sent
 */
public record RefusedAssociation(
        String callingAeTitle, String calledAeTitle, String remoteAddress, String reason, AssociateReject reject) {}
