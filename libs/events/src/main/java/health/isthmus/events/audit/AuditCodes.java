package health.isthmus.events.audit;

import health.isthmus.events.common.CodedValue;

/** Event ids and event types of DICOM PS3.16 (coding scheme DCM) that Isthmus records, and a few of its own. */
public final class AuditCodes {

    /** The coding scheme of Isthmus's own event types, where PS3.16 has none. */
    public static final String ISTHMUS = "urn:isthmus:audit-event-type";

    /** 110110: a patient record was created, read, changed or merged. */
    public static final CodedValue PATIENT_RECORD = dcm("110110", "Patient Record");

    /** 110109: an order was placed, changed or cancelled. */
    public static final CodedValue ORDER_RECORD = dcm("110109", "Order Record");

    /** 110111: a procedure record (such as a report) was created or changed. */
    public static final CodedValue PROCEDURE_RECORD = dcm("110111", "Procedure Record");

    /** 110103: DICOM instances were accessed. */
    public static final CodedValue INSTANCES_ACCESSED = dcm("110103", "DICOM Instances Accessed");

    /** 110104: DICOM instances were transferred (stored into the archive, or sent from it). */
    public static final CodedValue INSTANCES_TRANSFERRED = dcm("110104", "DICOM Instances Transferred");

    /** 110105: DICOM study instances were deleted. */
    public static final CodedValue STUDY_DELETED = dcm("110105", "DICOM Study Deleted");

    /** 110112: a query was made. */
    public static final CodedValue QUERY = dcm("110112", "Query");

    /** 110113: a security alert was raised. */
    public static final CodedValue SECURITY_ALERT = dcm("110113", "Security Alert");

    /** 110114: a user or client authenticated, or failed to (event type {@link #LOGIN}). */
    public static final CodedValue USER_AUTHENTICATION = dcm("110114", "User Authentication");

    /** 110122: the event type of a login or token request under {@link #USER_AUTHENTICATION}. */
    public static final CodedValue LOGIN = dcm("110122", "Login");

    /**
     * 110132: the event type of a {@link #SECURITY_ALERT} for a request refused before it reached a function: no or
     * an invalid token, a role the access matrix does not allow, a body over the limit, a rate over the limit.
     */
    public static final CodedValue USE_OF_RESTRICTED_FUNCTION = dcm("110132", "Use of Restricted Function");

    /** 110126: the event type of a {@link #SECURITY_ALERT} for a failed TLS handshake (a node not authenticated). */
    public static final CodedValue NODE_AUTHENTICATION = dcm("110126", "Node Authentication");

    /** The event type of a {@link #SECURITY_ALERT} for a DICOM association the archive or worklist refused. */
    public static final CodedValue ASSOCIATION_REFUSED =
            new CodedValue("association-refused", "DICOM association refused", ISTHMUS);

    /** The event type of the one {@link #SECURITY_ALERT} per window for a client whose requests were refused often. */
    public static final CodedValue REFUSAL_BURST =
            new CodedValue("refusal-burst", "burst of refused requests", ISTHMUS);

    /** 110100: a service started (or stopped), with its configuration. */
    public static final CodedValue APPLICATION_ACTIVITY = dcm("110100", "Application Activity");

    /** 110120: the event type of an {@link #APPLICATION_ACTIVITY} record written when a service starts. */
    public static final CodedValue APPLICATION_START = dcm("110120", "Application Start");

    /** The event type added to an application start whose configuration differs from the previous start's. */
    public static final CodedValue CONFIGURATION_CHANGED =
            new CodedValue("configuration-changed", "configuration changed since the previous start", ISTHMUS);

    private AuditCodes() {}

    private static CodedValue dcm(String code, String meaning) {
        return new CodedValue(code, meaning, "DCM");
    }
}
