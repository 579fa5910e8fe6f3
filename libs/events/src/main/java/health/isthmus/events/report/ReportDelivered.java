package health.isthmus.events.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import java.time.Instant;

/**
 * The HIS acknowledged a report's ORU^R01 with AA (or CA): the report reached the chart.
 *
 * @param report the report version that was delivered
 * @param deliveryId report-service's id of the delivery
 * @param destination the HIS endpoint, {@code host:port}
 * @param controlId MSH-10 of the ORU
 * @param resultStatus OBR-25 sent: F (final) or C (correction)
 * @param attempts how many sends it took
 * @param acknowledgedAt when the acknowledgment arrived
 */
@EventContract(type = "report.ReportDelivered", version = 1, topic = ReportTopics.REPORT)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportDelivered(
        ReportSummary report,
        long deliveryId,
        String destination,
        String controlId,
        String resultStatus,
        int attempts,
        Instant acknowledgedAt)
        implements ReportEvent {}
