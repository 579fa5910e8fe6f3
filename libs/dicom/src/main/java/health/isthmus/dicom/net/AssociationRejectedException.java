package health.isthmus.dicom.net;

import org.jspecify.annotations.Nullable;

/** An association request was answered with (or refused by) an A-ASSOCIATE-RJ. */
public class AssociationRejectedException extends DicomNetworkException {

    private final AssociateReject reject;
    private final @Nullable RefusedAssociation refused;

    public AssociationRejectedException(AssociateReject reject, String message) {
        this(reject, message, null);
    }

    AssociationRejectedException(AssociateReject reject, String message, @Nullable RefusedAssociation refused) {
        super(message + " (" + reject + ")");
        this.reject = reject;
        this.refused = refused;
    }

    /** What the acceptor refused, when this side was the acceptor. */
    public @Nullable RefusedAssociation refused() {
        return refused;
    }

    /** The result, source and reason of the rejection. */
    public AssociateReject reject() {
        return reject;
    }
}
