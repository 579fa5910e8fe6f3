package health.isthmus.dicom.io;

import health.isthmus.dicom.data.DicomException;
import java.io.Serial;

/** Binary DICOM input is malformed, truncated or beyond the reader's limits; the message says where. */
public class DicomStreamException extends DicomException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** With a message that names the problem and the stream position. */
    public DicomStreamException(String message) {
        super(message);
    }

    /** With a message and the underlying cause. */
    public DicomStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
