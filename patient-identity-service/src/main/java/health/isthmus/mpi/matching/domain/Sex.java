package health.isthmus.mpi.matching.domain;

import org.jspecify.annotations.Nullable;

/** Administrative sex as far as matching cares: only F and M carry evidence. */
public enum Sex {
    FEMALE,
    MALE,
    OTHER,
    UNKNOWN;

    /** Reads an HL7 table 0001 code ({@code F}, {@code M}, {@code O}, {@code A}, {@code N}, {@code U}). */
    public static Sex ofHl7(@Nullable String code) {
        if (code == null) {
            return UNKNOWN;
        }
        return switch (code.strip().toUpperCase(java.util.Locale.ROOT)) {
            case "F" -> FEMALE;
            case "M" -> MALE;
            case "O", "A", "N", "X" -> OTHER;
            default -> UNKNOWN;
        };
    }
}
