package health.isthmus.dicom.dictionary;

import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The standard data dictionary: keyword, VR and VM of every tag of PS3.6, including repeating groups (50xx, 60xx)
 * and element ranges, plus the generic rules for group lengths and private creators.
 */
public final class ElementDictionary {

    /**
     * One dictionary entry.
     *
     * @param tag the tag (the first of a range)
     * @param keyword the keyword, as in "PatientName"
     * @param vr the VR an Implicit VR reader assumes (the first choice where the standard allows several)
     * @param vm the value multiplicity, as in "1", "1-n", "2-2n"
     * @param retired whether the standard has retired the element
     */
    public record Entry(int tag, String keyword, VR vr, String vm, boolean retired) {}

    private static final int[] TAGS;
    private static final Entry[] ENTRIES;
    private static final List<Range> RANGES = new ArrayList<>();
    private static final Map<String, Entry> BY_KEYWORD = new HashMap<>();

    private record Range(int groupFirst, int groupLast, int elementFirst, int elementLast, Entry entry) {
        boolean matches(int group, int element) {
            return group >= groupFirst
                    && group <= groupLast
                    && element >= elementFirst
                    && element <= elementLast
                    && (groupFirst == groupLast || (group & 1) == (groupFirst & 1));
        }
    }

    static {
        List<Entry> single = new ArrayList<>(5000);
        for (String chunk : StandardElements.ROWS) {
            for (String row : chunk.split("\n")) {
                if (row.isBlank()) {
                    continue;
                }
                String[] f = row.strip().split(" ");
                int groupFirst = Integer.parseInt(f[0].substring(0, 4), 16);
                int elementFirst = Integer.parseInt(f[0].substring(4, 8), 16);
                int groupLast = Integer.parseInt(f[0].substring(8, 12), 16);
                int elementLast = Integer.parseInt(f[0].substring(12, 16), 16);
                Entry entry = new Entry(
                        Tags.of(groupFirst, elementFirst),
                        f[4],
                        Objects.requireNonNull(VR.fromCode(f[1])),
                        f[2],
                        f[3].equals("R"));
                if (groupFirst != groupLast || elementFirst != elementLast) {
                    RANGES.add(new Range(groupFirst, groupLast, elementFirst, elementLast, entry));
                } else {
                    single.add(entry);
                }
                BY_KEYWORD.putIfAbsent(entry.keyword(), entry);
            }
        }
        single.sort((a, b) -> Integer.compareUnsigned(a.tag(), b.tag()));
        ENTRIES = single.toArray(new Entry[0]);
        TAGS = new int[ENTRIES.length];
        for (int i = 0; i < ENTRIES.length; i++) {
            TAGS[i] = ENTRIES[i].tag();
        }
    }

    private static final Entry GROUP_LENGTH = new Entry(0, "GroupLength", VR.UL, "1", false);
    private static final Entry PRIVATE_CREATOR = new Entry(0, "PrivateCreator", VR.LO, "1", false);

    private ElementDictionary() {}

    /** The entry of a tag, or null for an unknown (for example private) tag. */
    public static @Nullable Entry entryOf(int tag) {
        int i = Tags.binarySearch(TAGS, TAGS.length, tag);
        if (i >= 0) {
            return ENTRIES[i];
        }
        int group = Tags.group(tag);
        int element = Tags.element(tag);
        if (element == 0) {
            return GROUP_LENGTH;
        }
        if (Tags.isPrivateCreator(tag)) {
            return PRIVATE_CREATOR;
        }
        if ((group & 1) == 0 || group <= 0x0008) {
            for (Range range : RANGES) {
                if (range.matches(group, element)) {
                    return range.entry();
                }
            }
        }
        return null;
    }

    /** The VR of a tag for Implicit VR reading: the dictionary's, or UN for an unknown tag. */
    public static VR vrOf(int tag) {
        Entry entry = entryOf(tag);
        return entry == null ? VR.UN : entry.vr();
    }

    /** The keyword of a tag, or an empty string when unknown. */
    public static String keywordOf(int tag) {
        Entry entry = entryOf(tag);
        return entry == null ? "" : entry.keyword();
    }

    /** The VM of a tag, or "1-n" when unknown. */
    public static String vmOf(int tag) {
        Entry entry = entryOf(tag);
        return entry == null ? "1-n" : entry.vm();
    }

    /** The tag of a keyword, or -1 when no standard element has it. */
    public static int tagOf(String keyword) {
        Entry entry = BY_KEYWORD.get(keyword);
        return entry == null ? -1 : entry.tag();
    }

    /** The number of entries (single tags and ranges). */
    public static int size() {
        return ENTRIES.length + RANGES.size();
    }

    /** All single-tag entries, in tag order. */
    public static List<Entry> entries() {
        return Arrays.asList(ENTRIES.clone());
    }
}
