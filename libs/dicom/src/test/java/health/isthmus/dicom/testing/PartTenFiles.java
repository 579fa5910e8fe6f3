package health.isthmus.dicom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Part 10 files for tests and the load harness: writes preamble, "DICM" and a minimal file meta group in front of a
 * data set stream, and reads back the meta group of a file to send it.
 */
public final class PartTenFiles {

    /** The file meta values the tests need, and where the data set starts. */
    public record FileMeta(String sopClassUid, String sopInstanceUid, String transferSyntax, long dataSetOffset) {}

    private PartTenFiles() {}

    /** Writes the file: meta group built from the arguments, then the data set copied as it is read. */
    public static long write(
            Path file,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntax,
            String sourceAeTitle,
            InputStream dataSet,
            boolean fsync)
            throws IOException {
        try (FileChannel channel = FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            out.write(header(sopClassUid, sopInstanceUid, transferSyntax, sourceAeTitle));
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = dataSet.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                total += read;
            }
            if (fsync) {
                channel.force(true);
            }
            return total;
        }
    }

    /** Preamble, "DICM" and the file meta group. */
    public static byte[] header(
            String sopClassUid, String sopInstanceUid, String transferSyntax, String sourceAeTitle) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        element(elements, 0x0001, "OB", new byte[] {0, 1});
        element(elements, 0x0002, "UI", uid(sopClassUid));
        element(elements, 0x0003, "UI", uid(sopInstanceUid));
        element(elements, 0x0010, "UI", uid(transferSyntax));
        element(elements, 0x0012, "UI", uid("2.25.42336424576896469414672997418049368939"));
        element(elements, 0x0013, "SH", text("ISTHMUS_TEST"));
        element(elements, 0x0016, "AE", text(sourceAeTitle));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(new byte[128]);
        all.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(all, 0x0000, "UL", le32(elements.size()));
        all.writeBytes(elements.toByteArray());
        return all.toByteArray();
    }

    /** Reads the meta group of a Part 10 file. */
    public static FileMeta readMeta(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132 + 12);
            if (head.length < 144 || !"DICM".equals(new String(head, 128, 4, StandardCharsets.US_ASCII))) {
                throw new IOException(file + " is not a Part 10 file");
            }
            int groupLength =
                    (head[140] & 0xFF) | (head[141] & 0xFF) << 8 | (head[142] & 0xFF) << 16 | (head[143] & 0xFF) << 24;
            byte[] group = in.readNBytes(groupLength);
            String sopClass = null;
            String instance = null;
            String syntax = null;
            int position = 0;
            while (position + 8 <= group.length) {
                int element = (group[position + 2] & 0xFF) | (group[position + 3] & 0xFF) << 8;
                String vr = new String(group, position + 4, 2, StandardCharsets.US_ASCII);
                int length;
                int valueAt;
                if (vr.equals("OB") || vr.equals("UN") || vr.equals("OW") || vr.equals("UT")) {
                    length = (group[position + 8] & 0xFF)
                            | (group[position + 9] & 0xFF) << 8
                            | (group[position + 10] & 0xFF) << 16
                            | (group[position + 11] & 0xFF) << 24;
                    valueAt = position + 12;
                } else {
                    length = (group[position + 6] & 0xFF) | (group[position + 7] & 0xFF) << 8;
                    valueAt = position + 8;
                }
                String value = new String(group, valueAt, length, StandardCharsets.US_ASCII)
                        .replace("\0", "")
                        .trim();
                switch (element) {
                    case 0x0002 -> sopClass = value;
                    case 0x0003 -> instance = value;
                    case 0x0010 -> syntax = value;
                    default -> {}
                }
                position = valueAt + length;
            }
            if (sopClass == null || instance == null || syntax == null) {
                throw new IOException(file + " lacks SOP class, instance or transfer syntax in its meta group");
            }
            return new FileMeta(sopClass, instance, syntax, 144L + groupLength);
        }
    }

    static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
        out.writeBytes(new byte[] {2, 0, (byte) element, (byte) (element >>> 8)});
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB")) {
            out.writeBytes(new byte[] {0, 0});
            out.writeBytes(le32(value.length));
        } else {
            out.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >>> 8)});
        }
        out.writeBytes(value);
    }

    static byte[] le32(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    static byte[] uid(String uid) {
        byte[] raw = uid.getBytes(StandardCharsets.US_ASCII);
        return raw.length % 2 == 0 ? raw : java.util.Arrays.copyOf(raw, raw.length + 1);
    }

    static byte[] text(String text) {
        return (text.length() % 2 == 0 ? text : text + " ").getBytes(StandardCharsets.US_ASCII);
    }
}
