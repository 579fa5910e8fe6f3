package health.isthmus.dicom.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A person name (PN) with its three component groups: alphabetic, ideographic and phonetic, each of five components
 * (family, given, middle, prefix, suffix), as in "Yamada^Tarou=山田^太郎=やまだ^たろう".
 *
 * @param alphabetic the single-byte group
 * @param ideographic the ideographic group
 * @param phonetic the phonetic group
 */
public record PersonName(ComponentGroup alphabetic, ComponentGroup ideographic, ComponentGroup phonetic) {

    /**
     * One component group of a person name.
     *
     * @param family family name complex
     * @param given given name complex
     * @param middle middle name
     * @param prefix name prefix
     * @param suffix name suffix
     */
    public record ComponentGroup(String family, String given, String middle, String prefix, String suffix) {

        /** The empty group. */
        public static final ComponentGroup EMPTY = new ComponentGroup("", "", "", "", "");

        /** Parses "family^given^middle^prefix^suffix"; missing components are empty. */
        public static ComponentGroup parse(String text) {
            String[] c = split(text, '^', 5);
            return new ComponentGroup(c[0], c[1], c[2], c[3], c[4]);
        }

        /** Whether all components are empty. */
        public boolean isEmpty() {
            return family.isEmpty() && given.isEmpty() && middle.isEmpty() && prefix.isEmpty() && suffix.isEmpty();
        }

        /** The components in order, for callers that index them. */
        public List<String> components() {
            return List.of(family, given, middle, prefix, suffix);
        }

        /** The DICOM form, trailing empty components left out. */
        @Override
        public String toString() {
            return join(components(), '^');
        }
    }

    /** A name of a single alphabetic group. */
    public static PersonName of(String family, String given) {
        return new PersonName(
                new ComponentGroup(family, given, "", "", ""), ComponentGroup.EMPTY, ComponentGroup.EMPTY);
    }

    /** Parses the DICOM form "alphabetic=ideographic=phonetic". */
    public static PersonName parse(String text) {
        String[] groups = split(text, '=', 3);
        return new PersonName(
                ComponentGroup.parse(groups[0]), ComponentGroup.parse(groups[1]), ComponentGroup.parse(groups[2]));
    }

    /** The DICOM form, trailing empty groups left out. */
    @Override
    public String toString() {
        return join(List.of(alphabetic.toString(), ideographic.toString(), phonetic.toString()), '=');
    }

    private static String[] split(String text, char delimiter, int count) {
        String[] parts = new String[count];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = i == count - 1 ? -1 : text.indexOf(delimiter, start);
            if (start > text.length()) {
                parts[i] = "";
            } else if (end < 0) {
                parts[i] = text.substring(start).strip();
                start = text.length() + 1;
            } else {
                parts[i] = text.substring(start, end).strip();
                start = end + 1;
            }
        }
        return parts;
    }

    private static String join(List<String> parts, char delimiter) {
        int last = parts.size() - 1;
        while (last >= 0 && parts.get(last).isEmpty()) {
            last--;
        }
        List<String> kept = new ArrayList<>(parts.subList(0, last + 1));
        return String.join(String.valueOf(delimiter), kept);
    }
}
