package health.isthmus.worklist.scheduling.domain;

import health.isthmus.events.common.PersonName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Person names in DICOM PN form, alphabetic group only: {@code FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX}, where MIDDLE
 * holds every given name after the first, space-separated, and trailing empty components are left out.
 */
public final class PersonNames {

    private PersonNames() {}

    /** The PN form of an HL7 name, or null when it has no part at all. */
    public static @Nullable String toDicom(@Nullable PersonName name) {
        if (name == null) {
            return null;
        }
        List<String> given = name.given().stream()
                .map(PersonNames::clean)
                .filter(g -> !g.isEmpty())
                .toList();
        String[] components = {
            clean(name.family()),
            given.isEmpty() ? "" : given.getFirst(),
            given.size() > 1 ? String.join(" ", given.subList(1, given.size())) : "",
            clean(name.prefix()),
            clean(name.suffix())
        };
        int last = components.length;
        while (last > 0 && components[last - 1].isEmpty()) {
            last--;
        }
        return last == 0 ? null : String.join("^", Arrays.copyOf(components, last));
    }

    /** The name a PN value holds (its alphabetic group). */
    public static @Nullable PersonName fromDicom(@Nullable String pn) {
        if (pn == null || pn.isBlank()) {
            return null;
        }
        String alphabetic = pn.split("=", -1)[0];
        String[] parts = Arrays.copyOf(alphabetic.split("\\^", -1), 5);
        List<String> given = new ArrayList<>();
        if (present(parts[1])) {
            given.add(parts[1]);
        }
        if (present(parts[2])) {
            given.addAll(Arrays.asList(parts[2].trim().split(" +")));
        }
        return new PersonName(
                present(parts[0]) ? parts[0] : null,
                given,
                present(parts[3]) ? parts[3] : null,
                present(parts[4]) ? parts[4] : null);
    }

    // the PN delimiters (component ^, group =, escape \) cannot be escaped in DICOM: they become spaces
    private static String clean(@Nullable String part) {
        return part == null ? "" : part.replaceAll("[\\^=\\\\]", " ").trim();
    }

    private static boolean present(@Nullable String part) {
        return part != null && !part.isBlank();
    }
}
