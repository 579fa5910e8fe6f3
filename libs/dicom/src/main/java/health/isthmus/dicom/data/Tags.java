package health.isthmus.dicom.data;

import java.util.Locale;

/** Helpers for tags held as {@code int} (group in the high 16 bits, element in the low 16 bits). */
public final class Tags {

    private Tags() {}

    /** The tag of a group and element number. */
    public static int of(int group, int element) {
        return (group << 16) | (element & 0xFFFF);
    }

    /** The group number of a tag. */
    public static int group(int tag) {
        return tag >>> 16;
    }

    /** The element number of a tag. */
    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Whether the tag is in an odd (private) group. */
    public static boolean isPrivate(int tag) {
        return (tag & 0x00010000) != 0 && group(tag) > 0x0008;
    }

    /** Whether the tag is a private creator element (gggg,0010-00FF) of an odd group. */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    /** The private creator element that reserves the block of a private tag: (gggg,00xx) for (gggg,xxee). */
    public static int creatorOf(int privateTag) {
        return (privateTag & 0xFFFF0000) | ((privateTag >>> 8) & 0xFF);
    }

    /** Whether the tag is a group length (gggg,0000). */
    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** The tag as "(GGGG,EEEE)". */
    public static String toString(int tag) {
        return String.format(Locale.ROOT, "(%04X,%04X)", group(tag), element(tag));
    }

    /** The tag as eight hex digits "GGGGEEEE", as DICOM JSON writes it. */
    public static String toHex(int tag) {
        return String.format(Locale.ROOT, "%08X", tag);
    }

    /** The tag of eight hex digits, as DICOM JSON writes it. */
    public static int parseHex(String hex) {
        if (hex.length() != 8) {
            throw new NumberFormatException("a tag is eight hex digits: " + hex);
        }
        return (int) Long.parseLong(hex, 16);
    }
}
