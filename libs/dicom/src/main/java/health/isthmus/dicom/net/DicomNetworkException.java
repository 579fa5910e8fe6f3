package health.isthmus.dicom.net;

import java.io.IOException;

/** A failure of the DICOM upper layer: a malformed or unexpected PDU, a rejected or aborted association. */
public class DicomNetworkException extends IOException {

    public DicomNetworkException(String message) {
        super(message);
    }

    public DicomNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
