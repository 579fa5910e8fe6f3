package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.DicomException;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.io.DicomInputStream;
import health.isthmus.dicom.io.DicomOutputStream;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicom.io.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes and decodes command sets: group 0000 in Implicit VR Little Endian with its group length first (PS3.7
 * 6.3.1), through the toolkit's data set reader and writer. Anything else in a command set is refused.
 */
public final class CommandCodec {

    private static final ReadOptions COMMAND_READ =
            ReadOptions.DEFAULT.withMaxValueLength(1024).withMaxDepth(1);

    private CommandCodec() {}

    public static byte[] encode(Command command) {
        Attributes attributes = new Attributes(command.attributesView());
        attributes.setInt(Tag.CommandGroupLength, VR.UL, 0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DicomOutputStream out = new DicomOutputStream(bytes)) {
            out.writeDataset(attributes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    public static Command decode(byte[] bytes) throws MalformedCommandException {
        Attributes attributes;
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes), bytes.length)) {
            attributes = in.readDataset(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, COMMAND_READ);
        } catch (IOException | DicomException malformed) {
            throw new MalformedCommandException("undecodable command set: " + malformed.getMessage());
        }
        for (int i = 0; i < attributes.size(); i++) {
            int tag = attributes.tagAt(i);
            if (Tags.group(tag) != 0) {
                throw new MalformedCommandException("element " + Tags.toString(tag) + " in a command set");
            }
        }
        attributes.remove(Tag.CommandGroupLength);
        Command command = new Command(attributes);
        try {
            if (command.commandField() < 0) {
                throw new MalformedCommandException("command set without a command field");
            }
            command.messageId();
            command.messageIdBeingRespondedTo();
            command.status();
            command.hasDataSet();
        } catch (DicomException mistyped) {
            throw new MalformedCommandException("mistyped command element: " + mistyped.getMessage());
        }
        return command;
    }
}
