package health.isthmus.dicom.net;

/** The association ended with an A-ABORT, sent by the peer or by this side. */
public class AssociationAbortedException extends DicomNetworkException {

    private final Abort abort;

    public AssociationAbortedException(Abort abort, String message) {
        super(message + " (" + abort + ")");
        this.abort = abort;
    }

    /** The source and reason of the abort. */
    public Abort abort() {
        return abort;
    }
}
