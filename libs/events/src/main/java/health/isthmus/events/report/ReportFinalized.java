package health.isthmus.events.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import java.time.Instant;

/**
 * A radiologist signed a report: it is final and its ORU^R01 (result status F) is queued for the HIS.
 *
 * @param report the report after signing
 * @param signedBy the signer (the token's subject)
 * @param signedAt when it was signed
 */
@EventContract(type = "report.ReportFinalized", version = 1, topic = ReportTopics.REPORT)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportFinalized(ReportSummary report, String signedBy, Instant signedAt) implements ReportEvent {}
