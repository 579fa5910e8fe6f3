package health.isthmus.report.lifecycle.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The statuses of a report, named as FHIR DiagnosticReport names them. */
public enum ReportStatus {
    DRAFT,
    PRELIMINARY,
    FINAL,
    AMENDED,
    CORRECTED,
    CANCELLED;

    /** The status as the API and the database write it: {@code draft}, {@code final}... */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a code, if it names one. */
    public static Optional<ReportStatus> of(String code) {
        return Arrays.stream(values())
                .filter(status -> status.code().equals(code.trim().toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** Whether the text may still change without a signature: draft and preliminary. */
    public boolean editable() {
        return this == DRAFT || this == PRELIMINARY;
    }

    /** Whether a radiologist has signed it: final, amended or corrected. */
    public boolean signed() {
        return this == FINAL || this == AMENDED || this == CORRECTED;
    }
}
