package health.isthmus.dicom.dimse;

/** DIMSE command field values (PS3.7 E.1); a response is its request with bit 15 set. */
public final class CommandField {

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_GET_RQ = 0x0010;
    public static final int C_FIND_RQ = 0x0020;
    public static final int C_MOVE_RQ = 0x0021;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int N_EVENT_REPORT_RQ = 0x0100;
    public static final int N_GET_RQ = 0x0110;
    public static final int N_SET_RQ = 0x0120;
    public static final int N_ACTION_RQ = 0x0130;
    public static final int N_CREATE_RQ = 0x0140;
    public static final int N_DELETE_RQ = 0x0150;
    public static final int C_CANCEL_RQ = 0x0FFF;
    /** The bit that turns a request's command field into its response's. */
    public static final int RESPONSE = 0x8000;

    private CommandField() {}

    /** Whether the command field is a response. */
    public static boolean isResponse(int commandField) {
        return (commandField & RESPONSE) != 0;
    }

    /** A readable name, for logs. */
    public static String name(int commandField) {
        String base = switch (commandField & ~RESPONSE) {
            case C_STORE_RQ -> "C-STORE";
            case C_GET_RQ -> "C-GET";
            case C_FIND_RQ -> "C-FIND";
            case C_MOVE_RQ -> "C-MOVE";
            case C_ECHO_RQ -> "C-ECHO";
            case N_EVENT_REPORT_RQ -> "N-EVENT-REPORT";
            case N_GET_RQ -> "N-GET";
            case N_SET_RQ -> "N-SET";
            case N_ACTION_RQ -> "N-ACTION";
            case N_CREATE_RQ -> "N-CREATE";
            case N_DELETE_RQ -> "N-DELETE";
            case C_CANCEL_RQ -> "C-CANCEL";
            default -> "0x" + Integer.toHexString(commandField & ~RESPONSE);
        };
        return base + (isResponse(commandField) ? "-RSP" : "-RQ");
    }
}
