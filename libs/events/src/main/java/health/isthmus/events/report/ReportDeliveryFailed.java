package health.isthmus.events.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A report's ORU^R01 did not reach the HIS: the HIS refused it (AE/AR, state {@code failed}) or it went
 * unacknowledged through every try (state {@code dead-lettered}). An admin may resend it.
 *
 * @param report the report version that was not delivered
 * @param deliveryId report-service's id of the delivery
 * @param destination the HIS endpoint, {@code host:port}
 * @param controlId MSH-10 of the ORU, if one was built
 * @param resultStatus OBR-25: F or C
 * @param state {@code failed} or {@code dead-lettered}
 * @param acknowledgmentCode MSA-1 of the HIS's answer (AE, AR, CE, CR), absent when there was none
 * @param reason the HIS's error text, or the last transport error
 * @param attempts how many sends were made
 * @param failedAt when the delivery gave up
 */
@EventContract(type = "report.ReportDeliveryFailed", version = 1, topic = ReportTopics.REPORT)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportDeliveryFailed(
        ReportSummary report,
        long deliveryId,
        String destination,
        @Nullable String controlId,
        String resultStatus,
        String state,
        @Nullable String acknowledgmentCode,
        String reason,
        int attempts,
        Instant failedAt)
        implements ReportEvent {}
