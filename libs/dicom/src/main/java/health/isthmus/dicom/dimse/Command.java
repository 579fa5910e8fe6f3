package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import org.jspecify.annotations.Nullable;

/**
 * A DIMSE command set (group 0000, PS3.7 E.1) over {@link Attributes}: the command field, message ids, SOP class and
 * instance, status and the other command elements, with the VR each one has in the standard.
 */
public final class Command {

    /** Command Data Set Type value meaning "no data set follows". */
    public static final int NO_DATA_SET = 0x0101;
    /** A Command Data Set Type value meaning "a data set follows" (any other value than 0x0101 does). */
    public static final int DATA_SET_PRESENT = 0x0000;

    private final Attributes attributes;

    Command(Attributes attributes) {
        this.attributes = attributes;
    }

    /** A request or response with its command field, and the data set type set. */
    public static Command of(int commandField, boolean hasDataSet) {
        Command command = new Command(new Attributes(12));
        command.setInt(Tag.CommandField, commandField);
        command.setInt(Tag.CommandDataSetType, hasDataSet ? DATA_SET_PRESENT : NO_DATA_SET);
        return command;
    }

    /** The response to a request: command field, message id responded to, the affected SOP class and instance. */
    public static Command responseTo(Command request, int status, boolean hasDataSet) {
        Command response = of(request.commandField() | CommandField.RESPONSE, hasDataSet);
        response.setInt(Tag.MessageIDBeingRespondedTo, request.messageId());
        String sopClass = request.affectedSopClassUid() != null
                ? request.affectedSopClassUid()
                : request.getString(Tag.RequestedSOPClassUID);
        if (sopClass != null) {
            response.setString(Tag.AffectedSOPClassUID, sopClass);
        }
        String instance = request.affectedSopInstanceUid() != null
                ? request.affectedSopInstanceUid()
                : request.getString(Tag.RequestedSOPInstanceUID);
        if (instance != null) {
            response.setString(Tag.AffectedSOPInstanceUID, instance);
        }
        response.setInt(Tag.Status, status);
        return response;
    }

    /** The command elements (a copy). */
    public Attributes attributes() {
        return new Attributes(attributes);
    }

    Attributes attributesView() {
        return attributes;
    }

    /** Sets a US (or, for the group length, UL) command element. */
    public Command setInt(int tag, int value) {
        checkTag(tag);
        attributes.setInt(tag, VR.US, value);
        return this;
    }

    /** Sets a UI, AE or LO command element (the VR follows from the tag). */
    public Command setString(int tag, String value) {
        checkTag(tag);
        VR vr = switch (tag) {
            case Tag.MoveDestination, Tag.MoveOriginatorApplicationEntityTitle -> VR.AE;
            case Tag.ErrorComment -> VR.LO;
            default -> VR.UI;
        };
        attributes.setString(tag, vr, value);
        return this;
    }

    /** Sets an AT command element (Offending Element, Attribute Identifier List). */
    public Command setTags(int tag, int... tags) {
        checkTag(tag);
        attributes.setInt(tag, VR.AT, tags);
        return this;
    }

    public boolean contains(int tag) {
        return attributes.contains(tag);
    }

    public @Nullable String getString(int tag) {
        return attributes.getString(tag);
    }

    public int getInt(int tag, int defaultValue) {
        return attributes.getInt(tag, defaultValue);
    }

    public int @Nullable [] getTags(int tag) {
        return attributes.getInts(tag);
    }

    public int commandField() {
        return getInt(Tag.CommandField, -1);
    }

    public int messageId() {
        return getInt(Tag.MessageID, -1);
    }

    public int messageIdBeingRespondedTo() {
        return getInt(Tag.MessageIDBeingRespondedTo, -1);
    }

    public @Nullable String affectedSopClassUid() {
        return getString(Tag.AffectedSOPClassUID);
    }

    public @Nullable String affectedSopInstanceUid() {
        return getString(Tag.AffectedSOPInstanceUID);
    }

    public int status() {
        return getInt(Tag.Status, -1);
    }

    public boolean hasDataSet() {
        return getInt(Tag.CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
    }

    private static void checkTag(int tag) {
        if (Tags.group(tag) != 0 || tag == Tag.CommandGroupLength) {
            throw new IllegalArgumentException("not a command element: " + Tags.toString(tag));
        }
    }

    @Override
    public String toString() {
        return CommandField.name(commandField()) + attributes;
    }
}
