package health.isthmus.worklist.scheduling.domain;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * HL7 v2 priorities (table 0027, TQ1-9 or the priority component of ORC-7/OBR-27) and the DICOM Requested
 * Procedure Priority (0040,1003) each becomes: S (stat) STAT; A (as soon as possible), T (timing critical) and
 * P (pre-operative: due before surgery) HIGH; R (routine) ROUTINE; C (callback: routine work whose result is
 * phoned) MEDIUM; PRN (as needed) LOW. Anything else has no DICOM priority.
 */
public final class Priorities {

    private static final Map<String, String> DICOM = Map.of(
            "S", "STAT",
            "A", "HIGH",
            "T", "HIGH",
            "P", "HIGH",
            "R", "ROUTINE",
            "C", "MEDIUM",
            "PRN", "LOW");

    /** The HL7 priorities the worklist accepts. */
    public static final Set<String> HL7 = DICOM.keySet();

    private Priorities() {}

    /** The DICOM priority of an HL7 priority, or null when it has none. */
    public static @Nullable String dicomOf(@Nullable String hl7) {
        return hl7 == null ? null : DICOM.get(hl7.trim().toUpperCase(Locale.ROOT));
    }

    /** The HL7 priority as stored: trimmed and upper case, or null when blank. */
    public static @Nullable String normalized(@Nullable String hl7) {
        if (hl7 == null || hl7.isBlank()) {
            return null;
        }
        return hl7.trim().toUpperCase(Locale.ROOT);
    }
}
