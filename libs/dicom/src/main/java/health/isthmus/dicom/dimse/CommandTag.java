package health.isthmus.dicom.dimse;

/** Tags of the command set (group 0000, PS3.7 E.1) as ints, group in the high 16 bits. */
public final class CommandTag {

    public static final int COMMAND_GROUP_LENGTH = 0x00000000;
    public static final int AFFECTED_SOP_CLASS_UID = 0x00000002;
    public static final int REQUESTED_SOP_CLASS_UID = 0x00000003;
    public static final int COMMAND_FIELD = 0x00000100;
    public static final int MESSAGE_ID = 0x00000110;
    public static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x00000120;
    public static final int MOVE_DESTINATION = 0x00000600;
    public static final int PRIORITY = 0x00000700;
    public static final int COMMAND_DATA_SET_TYPE = 0x00000800;
    public static final int STATUS = 0x00000900;
    public static final int OFFENDING_ELEMENT = 0x00000901;
    public static final int ERROR_COMMENT = 0x00000902;
    public static final int ERROR_ID = 0x00000903;
    public static final int AFFECTED_SOP_INSTANCE_UID = 0x00001000;
    public static final int REQUESTED_SOP_INSTANCE_UID = 0x00001001;
    public static final int EVENT_TYPE_ID = 0x00001002;
    public static final int ATTRIBUTE_IDENTIFIER_LIST = 0x00001005;
    public static final int ACTION_TYPE_ID = 0x00001008;
    public static final int NUMBER_OF_REMAINING_SUBOPERATIONS = 0x00001020;
    public static final int NUMBER_OF_COMPLETED_SUBOPERATIONS = 0x00001021;
    public static final int NUMBER_OF_FAILED_SUBOPERATIONS = 0x00001022;
    public static final int NUMBER_OF_WARNING_SUBOPERATIONS = 0x00001023;
    public static final int MOVE_ORIGINATOR_AE_TITLE = 0x00001030;
    public static final int MOVE_ORIGINATOR_MESSAGE_ID = 0x00001031;

    private CommandTag() {}

    /** The kind of value a command element holds. */
    enum Kind {
        UID,
        TEXT,
        US,
        UL,
        TAGS
    }

    /** The value kind of a command tag, or null for tags this toolkit does not know. */
    static Kind kind(int tag) {
        return switch (tag) {
            case AFFECTED_SOP_CLASS_UID,
                    REQUESTED_SOP_CLASS_UID,
                    AFFECTED_SOP_INSTANCE_UID,
                    REQUESTED_SOP_INSTANCE_UID -> Kind.UID;
            case MOVE_DESTINATION, ERROR_COMMENT, MOVE_ORIGINATOR_AE_TITLE -> Kind.TEXT;
            case COMMAND_GROUP_LENGTH -> Kind.UL;
            case OFFENDING_ELEMENT, ATTRIBUTE_IDENTIFIER_LIST -> Kind.TAGS;
            default -> Kind.US;
        };
    }
}
