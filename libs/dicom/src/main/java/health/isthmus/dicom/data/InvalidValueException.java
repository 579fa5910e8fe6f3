package health.isthmus.dicom.data;

import java.io.Serial;

/** A value cannot be read as the type asked for (a non-numeric IS, a malformed date, a binary of odd size). */
public class InvalidValueException extends DicomException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** With a message that names the tag and the value. */
    public InvalidValueException(String message) {
        super(message);
    }

    /** With a message that names the tag and the value, and the parser's complaint. */
    public InvalidValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
