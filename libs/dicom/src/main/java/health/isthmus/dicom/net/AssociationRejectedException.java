package health.isthmus.dicom.net;

/** An association request was answered with (or refused by) an A-ASSOCIATE-RJ. */
public class AssociationRejectedException extends DicomNetworkException {

    private final AssociateReject reject;

    public AssociationRejectedException(AssociateReject reject, String message) {
        super(message + " (" + reject + ")");
        this.reject = reject;
    }

    /** The result, source and reason of the rejection. */
    public AssociateReject reject() {
        return reject;
    }
}
