package health.isthmus.dicom.dimse;

/** DIMSE status codes (PS3.7 Annex C and the service classes of PS3.4) used by this toolkit. */
public final class Status {

    public static final int SUCCESS = 0x0000;
    public static final int PENDING = 0xFF00;
    public static final int PENDING_WARNING = 0xFF01;
    public static final int CANCEL = 0xFE00;

    public static final int ATTRIBUTE_LIST_ERROR = 0x0107;
    public static final int ATTRIBUTE_VALUE_OUT_OF_RANGE = 0x0116;
    public static final int INVALID_ATTRIBUTE_VALUE = 0x0106;
    public static final int INVALID_OBJECT_INSTANCE = 0x0117;
    public static final int MISSING_ATTRIBUTE = 0x0120;
    public static final int MISSING_ATTRIBUTE_VALUE = 0x0121;
    public static final int NO_SUCH_ATTRIBUTE = 0x0105;
    public static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    public static final int NO_SUCH_SOP_CLASS = 0x0118;
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    public static final int MISTYPED_ARGUMENT = 0x0212;
    public static final int RESOURCE_LIMITATION = 0x0213;
    public static final int NOT_AUTHORIZED = 0x0124;

    /** C-STORE, C-FIND: refused, out of resources. */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** C-STORE: data set does not match SOP class; C-FIND: identifier does not match SOP class. */
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    /** C-STORE: cannot understand. */
    public static final int CANNOT_UNDERSTAND = 0xC000;
    /** C-FIND: unable to process. */
    public static final int UNABLE_TO_PROCESS = 0xC001;
    /** C-STORE warning: coercion of data elements. */
    public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    /** C-STORE warning: elements discarded. */
    public static final int ELEMENTS_DISCARDED = 0xB007;
    /** C-STORE warning: data set does not match SOP class. */
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB006;

    private Status() {}

    /** Whether the status is pending (FF00, FF01): more responses follow. */
    public static boolean isPending(int status) {
        return status == PENDING || status == PENDING_WARNING;
    }

    /** Whether the status is a success or a warning (the operation took place). */
    public static boolean isSuccessOrWarning(int status) {
        return status == SUCCESS
                || (status & 0xF000) == 0xB000
                || status == 0x0107
                || status == 0x0116
                || status == 0x0001;
    }
}
