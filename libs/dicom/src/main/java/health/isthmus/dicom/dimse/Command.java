package health.isthmus.dicom.dimse;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A DIMSE command set (group 0000): the command field, message ids, SOP class and instance, status and the other
 * command elements of PS3.7 E.1. Values are UIDs and texts as strings, US values as ints, AT values as int arrays.
 */
public final class Command {

    /** Command Data Set Type value meaning "no data set follows". */
    public static final int NO_DATA_SET = 0x0101;
    /** A Command Data Set Type value meaning "a data set follows" (any other value than 0x0101 does). */
    public static final int DATA_SET_PRESENT = 0x0000;

    private final Map<Integer, Object> elements = new TreeMap<>();

    /** A request or response with its command field, and the data set type set. */
    public static Command of(int commandField, boolean hasDataSet) {
        Command command = new Command();
        command.setInt(CommandTag.COMMAND_FIELD, commandField);
        command.setInt(CommandTag.COMMAND_DATA_SET_TYPE, hasDataSet ? DATA_SET_PRESENT : NO_DATA_SET);
        return command;
    }

    /** The response to a request: command field, message id responded to, the affected SOP class and instance. */
    public static Command responseTo(Command request, int status, boolean hasDataSet) {
        Command response = of(request.commandField() | CommandField.RESPONSE, hasDataSet);
        response.setInt(CommandTag.MESSAGE_ID_BEING_RESPONDED_TO, request.messageId());
        String sopClass = request.affectedSopClassUid() != null
                ? request.affectedSopClassUid()
                : request.getString(CommandTag.REQUESTED_SOP_CLASS_UID);
        if (sopClass != null) {
            response.setString(CommandTag.AFFECTED_SOP_CLASS_UID, sopClass);
        }
        String instance = request.affectedSopInstanceUid() != null
                ? request.affectedSopInstanceUid()
                : request.getString(CommandTag.REQUESTED_SOP_INSTANCE_UID);
        if (instance != null) {
            response.setString(CommandTag.AFFECTED_SOP_INSTANCE_UID, instance);
        }
        response.setInt(CommandTag.STATUS, status);
        return response;
    }

    public Command setInt(int tag, int value) {
        checkTag(tag);
        elements.put(tag, value);
        return this;
    }

    public Command setString(int tag, String value) {
        checkTag(tag);
        elements.put(tag, value);
        return this;
    }

    public Command setTags(int tag, int... tags) {
        checkTag(tag);
        elements.put(tag, tags.clone());
        return this;
    }

    public Command remove(int tag) {
        elements.remove(tag);
        return this;
    }

    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    public @Nullable String getString(int tag) {
        return elements.get(tag) instanceof String text ? text : null;
    }

    public int getInt(int tag, int defaultValue) {
        return elements.get(tag) instanceof Integer value ? value : defaultValue;
    }

    public int @Nullable [] getTags(int tag) {
        return elements.get(tag) instanceof int[] tags ? tags.clone() : null;
    }

    public int commandField() {
        return getInt(CommandTag.COMMAND_FIELD, -1);
    }

    public int messageId() {
        return getInt(CommandTag.MESSAGE_ID, -1);
    }

    public int messageIdBeingRespondedTo() {
        return getInt(CommandTag.MESSAGE_ID_BEING_RESPONDED_TO, -1);
    }

    public @Nullable String affectedSopClassUid() {
        return getString(CommandTag.AFFECTED_SOP_CLASS_UID);
    }

    public @Nullable String affectedSopInstanceUid() {
        return getString(CommandTag.AFFECTED_SOP_INSTANCE_UID);
    }

    public int status() {
        return getInt(CommandTag.STATUS, -1);
    }

    public boolean hasDataSet() {
        return getInt(CommandTag.COMMAND_DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
    }

    /** The tags present, ascending. */
    Iterable<Map.Entry<Integer, Object>> entries() {
        return elements.entrySet();
    }

    void put(int tag, Object value) {
        elements.put(tag, value);
    }

    private static void checkTag(int tag) {
        if ((tag >>> 16) != 0 || tag == CommandTag.COMMAND_GROUP_LENGTH) {
            throw new IllegalArgumentException(
                    "not a command element: " + String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF));
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(CommandField.name(commandField())).append('[');
        for (Map.Entry<Integer, Object> entry : elements.entrySet()) {
            Object value = entry.getValue();
            text.append(String.format(" (0000,%04X)=", entry.getKey()))
                    .append(value instanceof int[] tags ? Arrays.toString(tags) : value);
        }
        return text.append(" ]").toString();
    }
}
