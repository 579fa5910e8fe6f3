package health.isthmus.events.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A radiologist amended a final report: a new version, whose ORU^R01 (result status C) is queued for the HIS.
 *
 * @param report the report after the amendment
 * @param signedBy who signed the amendment
 * @param signedAt when
 * @param reason the reason given, if any
 */
@EventContract(type = "report.ReportAmended", version = 1, topic = ReportTopics.REPORT)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportAmended(
        ReportSummary report,
        String signedBy,
        Instant signedAt,
        @Nullable String reason) implements ReportEvent {}
