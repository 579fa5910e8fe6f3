package health.isthmus.dicom.dimse;

import health.isthmus.dicom.net.DicomNetworkException;

/** A command set that cannot be decoded, or lacks what its command field requires; the association is aborted. */
public class MalformedCommandException extends DicomNetworkException {

    public MalformedCommandException(String message) {
        super(message);
    }
}
