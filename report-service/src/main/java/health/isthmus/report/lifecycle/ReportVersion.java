package health.isthmus.report.lifecycle;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One version of a report, as it was.
 *
 * @param action created, edited, preliminary, finalized, amended, cancelled or received
 * @param changedBy the user (the token's subject) or the sending system
 */
public record ReportVersion(
        int version,
        String status,
        String text,
        String action,
        String changedBy,
        Instant changedAt,
        @Nullable String reason) {}
