package health.isthmus.dicom.dimse;

/**
 * A DIMSE operation that failed with a status: thrown by an SCP handler to answer with that status, and by SCU
 * calls when the peer answered a failure.
 */
public class DimseException extends RuntimeException {

    private final DimseStatus status;

    public DimseException(DimseStatus status) {
        super("DIMSE status " + status);
        this.status = status;
    }

    public DimseException(int code, String errorComment) {
        this(DimseStatus.of(code, errorComment));
    }

    public DimseStatus status() {
        return status;
    }
}
