package health.isthmus.dicom.data;

import java.io.Serial;

/** Base of the toolkit's exceptions: something about DICOM data is not as the standard or the caller expects. */
public class DicomException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** With a message that says what is wrong. */
    public DicomException(String message) {
        super(message);
    }

    /** With a message that says what is wrong and the underlying cause. */
    public DicomException(String message, Throwable cause) {
        super(message, cause);
    }
}
