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

    /**
     * Finds a tag among the first {@code size} tags of an array sorted in unsigned order: its index, or {@code
     * -(insertion point) - 1} when absent.
     */
    public static int binarySearch(int[] sortedTags, int size, int tag) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int cmp = Integer.compareUnsigned(sortedTags[mid], tag);
            if (cmp < 0) {
                low = mid + 1;
            } else if (cmp > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -low - 1;
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
