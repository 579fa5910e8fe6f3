package health.isthmus.dicom.dimse;

/** SOP class UIDs of the DIMSE services this package serves or calls (PS3.4). */
public final class SopClass {

    public static final String VERIFICATION = "1.2.840.10008.1.1";
    public static final String MODALITY_WORKLIST_FIND = "1.2.840.10008.5.1.4.31";
    public static final String PATIENT_ROOT_QUERY_RETRIEVE_FIND = "1.2.840.10008.5.1.4.1.2.1.1";
    public static final String STUDY_ROOT_QUERY_RETRIEVE_FIND = "1.2.840.10008.5.1.4.1.2.2.1";
    public static final String MODALITY_PERFORMED_PROCEDURE_STEP = "1.2.840.10008.3.1.2.3.3";
    public static final String STORAGE_COMMITMENT_PUSH_MODEL = "1.2.840.10008.1.20.1";
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
    public static final String SECONDARY_CAPTURE_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.7";

    private SopClass() {}
}
