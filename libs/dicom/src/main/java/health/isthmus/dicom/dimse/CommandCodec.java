package health.isthmus.dicom.dimse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes and decodes command sets: group 0000 elements, Implicit VR Little Endian, the group length first
 * (PS3.7 6.3.1). Only what a command set may hold is accepted.
 */
public final class CommandCodec {

    private CommandCodec() {}

    public static byte[] encode(Command command) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream(256);
        for (Map.Entry<Integer, Object> entry : command.entries()) {
            int tag = entry.getKey();
            byte[] value = switch (entry.getValue()) {
                case Integer number -> CommandTag.kind(tag) == CommandTag.Kind.UL ? u32(number) : u16(number);
                case String text -> padded(text, CommandTag.kind(tag) == CommandTag.Kind.UID ? 0 : ' ');
                case int[] tags -> tags(tags);
                default -> throw new IllegalStateException("unexpected value " + entry.getValue());
            };
            element(elements, tag, value);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(elements.size() + 12);
        element(all, CommandTag.COMMAND_GROUP_LENGTH, u32(elements.size()));
        all.writeBytes(elements.toByteArray());
        return all.toByteArray();
    }

    public static Command decode(byte[] bytes) throws MalformedCommandException {
        Command command = new Command();
        int position = 0;
        while (position < bytes.length) {
            if (bytes.length - position < 8) {
                throw new MalformedCommandException("command set ends inside an element header");
            }
            int group = u16At(bytes, position);
            int element = u16At(bytes, position + 2);
            long length = u32At(bytes, position + 4);
            position += 8;
            if (group != 0) {
                throw new MalformedCommandException(
                        String.format("element (%04X,%04X) outside group 0000 in a command set", group, element));
            }
            if (length > bytes.length - position) {
                throw new MalformedCommandException(String.format(
                        "element (0000,%04X) of length %d runs past the command set (%d bytes left)",
                        element, length, bytes.length - position));
            }
            int size = (int) length;
            switch (CommandTag.kind(element)) {
                case UID, TEXT -> command.put(element, text(bytes, position, size));
                case UL -> {
                    // the group length is recomputed on encoding
                }
                case US -> {
                    if (size != 2) {
                        throw new MalformedCommandException(
                                String.format("element (0000,%04X) is US but has %d bytes", element, size));
                    }
                    command.put(element, u16At(bytes, position));
                }
                case TAGS -> {
                    if (size % 4 != 0) {
                        throw new MalformedCommandException(
                                String.format("element (0000,%04X) is AT but has %d bytes", element, size));
                    }
                    int[] tags = new int[size / 4];
                    for (int i = 0; i < tags.length; i++) {
                        tags[i] = (u16At(bytes, position + 4 * i) << 16) | u16At(bytes, position + 4 * i + 2);
                    }
                    command.put(element, tags);
                }
            }
            position += size;
        }
        if (command.commandField() < 0) {
            throw new MalformedCommandException("command set without a command field");
        }
        return command;
    }

    private static void element(ByteArrayOutputStream out, int tag, byte[] value) {
        out.writeBytes(u16(tag >>> 16));
        out.writeBytes(u16(tag & 0xFFFF));
        out.writeBytes(u32(value.length));
        out.writeBytes(value);
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8)};
    }

    private static byte[] u32(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }

    private static byte[] tags(int[] tags) {
        byte[] bytes = new byte[tags.length * 4];
        for (int i = 0; i < tags.length; i++) {
            System.arraycopy(u16(tags[i] >>> 16), 0, bytes, 4 * i, 2);
            System.arraycopy(u16(tags[i] & 0xFFFF), 0, bytes, 4 * i + 2, 2);
        }
        return bytes;
    }

    private static byte[] padded(String text, int padding) {
        byte[] raw = text.getBytes(StandardCharsets.US_ASCII);
        if (raw.length % 2 == 0) {
            return raw;
        }
        byte[] even = new byte[raw.length + 1];
        System.arraycopy(raw, 0, even, 0, raw.length);
        even[raw.length] = (byte) padding;
        return even;
    }

    private static String text(byte[] bytes, int from, int length) {
        int to = from + length;
        while (to > from && (bytes[to - 1] == 0 || bytes[to - 1] == ' ')) {
            to--;
        }
        while (from < to && bytes[from] == ' ') {
            from++;
        }
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static int u16At(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | ((bytes[at + 1] & 0xFF) << 8);
    }

    private static long u32At(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL)
                | ((bytes[at + 1] & 0xFFL) << 8)
                | ((bytes[at + 2] & 0xFFL) << 16)
                | ((bytes[at + 3] & 0xFFL) << 24);
    }
}
