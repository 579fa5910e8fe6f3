package health.isthmus.dicom.interop;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.VR;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Both sides of the DCMTK comparison in one comparable form: one line per element, "path VR length value", where
 * path names the element and the items above it, and values are normalized (strings trimmed, floating point numbers
 * to seven significant digits, binary values as hex).
 */
public final class DumpLines {

    private static final Pattern LINE = Pattern.compile(
            "^( *)\\(([0-9a-f]{4}),([0-9a-f]{4})\\) (\\w\\w|\\?\\?) (.*?)\\s*# *(\\d+|u/l), (\\d+) (.*)$");

    private DumpLines() {}

    /** Parses the output of {@code dcmdump -Un +L +U8}: meta header and data set, delimiters left out. */
    public static List<String> parseDcmdump(String output) {
        List<String> lines = new ArrayList<>();
        List<String> path = new ArrayList<>();
        List<Integer> itemCounters = new ArrayList<>();
        for (String raw : output.split("\n")) {
            Matcher m = LINE.matcher(raw);
            if (!m.matches()) {
                continue;
            }
            int depth = m.group(1).length() / 2;
            String tag = "(" + m.group(2) + "," + m.group(3) + ")";
            String vr = m.group(4).equals("??") ? "UN" : m.group(4);
            String value = m.group(5);
            String length = m.group(6);
            if (tag.equals("(fffe,e00d)") || tag.equals("(fffe,e0dd)")) {
                continue;
            }
            while (path.size() > depth) {
                path.removeLast();
                itemCounters.removeLast();
            }
            if (tag.equals("(fffe,e000)")) {
                int item = itemCounters.getLast() + 1;
                itemCounters.set(itemCounters.size() - 1, item);
                String prefix = String.join("/", path) + "/" + item;
                if (vr.equals("pi")) {
                    lines.add(prefix + " fragment " + length + " " + hexNormalized(value));
                }
                path.add(String.valueOf(item));
                itemCounters.add(0);
                continue;
            }
            String prefix = path.isEmpty() ? tag : String.join("/", path) + "/" + tag;
            if (vr.equals("SQ") || value.startsWith("(PixelSequence")) {
                lines.add(prefix + " " + vr + " sequence");
                path.add(tag);
                itemCounters.add(0);
                continue;
            }
            lines.add(
                    characterSetLine(prefix, prefix + " " + vr + " " + length + " " + normalize(vr, dumpValue(value))));
            // items of a sequence are one level deeper than the sequence in dcmdump's indentation
        }
        lines.removeIf(String::isEmpty);
        return lines;
    }

    /**
     * dcmdump +U8 reports (and adds) Specific Character Set as ISO_IR 192, so that element is left out; the strings it
     * governs are compared in UTF-8 on both sides.
     */
    private static String characterSetLine(String path, String line) {
        return path.endsWith("(0008,0005)") ? "" : line;
    }

    private static String dumpValue(String value) {
        if (value.equals("(no value available)")) {
            return "";
        }
        if (value.startsWith("[") && value.endsWith("]")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** The same form for a data set read by this toolkit (meta first when given). */
    public static List<String> of(Attributes meta, Attributes dataset) {
        List<String> lines = new ArrayList<>();
        add(lines, "", meta);
        add(lines, "", dataset);
        lines.removeIf(String::isEmpty);
        return lines;
    }

    private static void add(List<String> lines, String prefix, Attributes ds) {
        for (int i = 0; i < ds.size(); i++) {
            String tag = String.format(Locale.ROOT, "(%04x,%04x)", ds.tagAt(i) >>> 16, ds.tagAt(i) & 0xFFFF);
            String path = prefix + tag;
            VR vr = ds.vrAt(i);
            Object value = ds.valueAt(i);
            switch (value) {
                case Sequence seq -> {
                    lines.add(path + " " + vr + " sequence");
                    for (int item = 0; item < seq.size(); item++) {
                        add(lines, path + "/" + (item + 1) + "/", seq.get(item));
                    }
                }
                case Fragments fragments -> {
                    lines.add(path + " " + vr + " sequence");
                    for (int f = 0; f < fragments.size(); f++) {
                        byte[] bytes = fragments.bytes(f);
                        lines.add(path + "/" + (f + 1) + " fragment " + bytes.length + " " + hex(bytes, VR.OB));
                    }
                }
                case BulkData bulk -> throw new IllegalStateException("read fully for comparison: " + bulk);
                default -> {
                    byte[] bytes = ds.getBytes(ds.tagAt(i));
                    int length = bytes.length + (bytes.length & 1);
                    String text = vr.isString() ? String.join("\\", ds.stringsAt(i)) : binaryText(bytes, vr, ds, i);
                    lines.add(
                            characterSetLine(path, path + " " + vr + " " + length + " " + normalize(vr.name(), text)));
                }
            }
        }
    }

    private static String binaryText(byte[] bytes, VR vr, Attributes ds, int index) {
        return switch (vr) {
            case OB, UN, OW, OL, OV -> hex(bytes, vr);
            case AT -> {
                List<String> tags = new ArrayList<>();
                ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                while (b.remaining() >= 4) {
                    tags.add(String.format(Locale.ROOT, "(%04x,%04x)", b.getShort() & 0xFFFF, b.getShort() & 0xFFFF));
                }
                yield String.join("\\", tags);
            }
            default -> String.join("\\", ds.stringsAt(index));
        };
    }

    private static String hex(byte[] bytes, VR vr) {
        int width = switch (vr) {
            case OW -> 2;
            case OL -> 4;
            case OV -> 8;
            default -> 1;
        };
        List<String> words = new ArrayList<>();
        for (int i = 0; i + width <= bytes.length; i += width) {
            StringBuilder word = new StringBuilder();
            for (int k = width - 1; k >= 0; k--) {
                word.append(String.format(Locale.ROOT, "%02x", bytes[i + k] & 0xFF));
            }
            words.add(word.toString());
        }
        return String.join("\\", words);
    }

    private static String hexNormalized(String value) {
        return value.equals("(no value available)") ? "" : value.toLowerCase(Locale.ROOT);
    }

    private static String normalize(String vr, String value) {
        List<String> parts = new ArrayList<>();
        boolean text = vr.equals("LT") || vr.equals("ST") || vr.equals("UT") || vr.equals("UR");
        for (String part : text ? new String[] {value} : value.split("\\\\", -1)) {
            String p = part.strip();
            if (vr.equals("FL") || vr.equals("FD") || vr.equals("OF") || vr.equals("OD") || vr.equals("DS")) {
                try {
                    p = String.format(Locale.ROOT, "%.6e", Double.parseDouble(p));
                } catch (NumberFormatException e) {
                    // left as text
                }
            }
            parts.add(p.toLowerCase(Locale.ROOT).equals(p) || !isHexVr(vr) ? p : p.toLowerCase(Locale.ROOT));
        }
        String joined = String.join("\\", parts);
        return joined.equals("") ? "" : joined;
    }

    private static boolean isHexVr(String vr) {
        return vr.equals("OB")
                || vr.equals("OW")
                || vr.equals("UN")
                || vr.equals("AT")
                || vr.equals("OL")
                || vr.equals("OV");
    }
}
