package health.isthmus.report.delivery;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One ORU^R01 delivery of one report version to the HIS, as users see it.
 *
 * @param state {@code pending} (queued, or waiting for its next try), {@code delivered} (AA), {@code failed} (the HIS
 *     answered AE or AR; not retried), {@code dead-lettered} (no acknowledgment after the last try)
 * @param resultStatus OBR-25 sent: F or C
 * @param attempts tries made so far
 * @param nextAttemptAt when a pending delivery is tried next
 * @param destination the HIS endpoint of the last try
 * @param controlId MSH-10 of the ORU, once built
 * @param acknowledgmentCode MSA-1 of the HIS's answer
 * @param lastError the HIS's error text, or the last transport error
 */
public record Delivery(
        long id,
        long reportId,
        int reportVersion,
        String resultStatus,
        @Nullable String site,
        String state,
        int attempts,
        @Nullable Instant nextAttemptAt,
        @Nullable String destination,
        @Nullable String controlId,
        @Nullable String acknowledgmentCode,
        @Nullable String lastError,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant deliveredAt) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String DEAD_LETTERED = "dead-lettered";
}
