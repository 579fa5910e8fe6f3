package health.isthmus.dicom.net;

/**
 * A-ABORT (PS3.8 9.3.8): source 0 is the service user, 2 the service provider; the reason is meaningful only
 * for source 2 (0 not specified, 1 unrecognized PDU, 2 unexpected PDU, 4 unrecognized parameter, 5 unexpected
 * parameter, 6 invalid parameter value).
 */
public record Abort(int source, int reason) implements Pdu {

    /** Source: the service user (an application ended the association). */
    public static final int SOURCE_SERVICE_USER = 0;
    /** Source: the service provider (the upper layer found a protocol error). */
    public static final int SOURCE_SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int REASON_UNRECOGNIZED_PDU = 1;
    public static final int REASON_UNEXPECTED_PDU = 2;
    public static final int REASON_UNRECOGNIZED_PARAMETER = 4;
    public static final int REASON_UNEXPECTED_PARAMETER = 5;
    public static final int REASON_INVALID_PARAMETER_VALUE = 6;
}
