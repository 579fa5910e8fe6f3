package health.isthmus.dicom.net;

/**
 * A-ASSOCIATE-RJ (PS3.8 9.3.4). Result 1 is permanent, 2 transient. Source 1 is the service user (reasons: 1
 * no reason given, 2 application context not supported, 3 calling AE title not recognized, 7 called AE title
 * not recognized), 2 the service provider ACSE (1 no reason, 2 protocol version not supported), 3 the service
 * provider presentation (1 temporary congestion, 2 local limit exceeded).
 */
public record AssociateReject(int result, int source, int reason) implements Pdu {

    public static final int RESULT_PERMANENT = 1;
    public static final int RESULT_TRANSIENT = 2;

    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    public static final int REASON_NO_REASON_GIVEN = 1;
    public static final int REASON_APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
    public static final int REASON_CALLING_AE_TITLE_NOT_RECOGNIZED = 3;
    public static final int REASON_CALLED_AE_TITLE_NOT_RECOGNIZED = 7;
    public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    public static final int REASON_TEMPORARY_CONGESTION = 1;
    public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;
}
