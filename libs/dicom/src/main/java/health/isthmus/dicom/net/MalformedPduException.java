package health.isthmus.dicom.net;

/**
 * The peer sent bytes that break PS3.8: an unknown PDU type, an absurd length, an item that does not fit its
 * PDU, or a PDU that is not allowed in the association's state. The association answers it with an A-ABORT
 * whose reason is {@link #abortReason()}.
 */
public class MalformedPduException extends DicomNetworkException {

    private final int abortReason;

    public MalformedPduException(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    /** The A-ABORT reason sent to the peer (PS3.8 9.3.8, source 2: service provider). */
    public int abortReason() {
        return abortReason;
    }
}
