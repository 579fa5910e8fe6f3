package health.isthmus.dicom.json;

import health.isthmus.dicom.data.DicomException;
import java.io.Serial;

/** DICOM JSON input is not valid JSON, or not a data set as PS3.18 F.2 defines it; the message says where. */
public class DicomJsonException extends DicomException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** With a message that names the problem. */
    public DicomJsonException(String message) {
        super(message);
    }

    /** With a message and the underlying cause. */
    public DicomJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
