package health.isthmus.events.audit;

import health.isthmus.events.common.CodedValue;

/** Event ids of DICOM PS3.16 (coding scheme DCM) that Isthmus records. */
public final class AuditCodes {

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

    private AuditCodes() {}

    private static CodedValue dcm(String code, String meaning) {
        return new CodedValue(code, meaning, "DCM");
    }
}
