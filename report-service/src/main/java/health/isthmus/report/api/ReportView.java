package health.isthmus.report.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.report.delivery.Delivery;
import health.isthmus.report.lifecycle.domain.Report;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A report as the API shows it: its status, text and signature, and where its ORU stands.
 *
 * @param status draft, preliminary, final, amended, corrected or cancelled
 * @param deliveryState the state of its latest ORU delivery: {@code pending}, {@code delivered}, {@code failed},
 *     {@code dead-lettered}; {@code none} while nothing was signed
 * @param deliveries every delivery of the report, oldest first (in a single report's view; absent in lists)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReportView(
        long id,
        String status,
        String accessionNumber,
        @Nullable String site,
        @Nullable String studyInstanceUid,
        @Nullable PatientIdentifier patient,
        @Nullable UUID euid,
        String text,
        String origin,
        String author,
        @Nullable String signer,
        @Nullable Instant signedAt,
        Instant createdAt,
        Instant updatedAt,
        int version,
        String deliveryState,
        @Nullable List<Delivery> deliveries) {

    static ReportView of(Report report, List<Delivery> deliveries) {
        return of(report, deliveries.isEmpty() ? null : deliveries.getLast(), deliveries);
    }

    static ReportView of(Report report, @Nullable Delivery latest, @Nullable List<Delivery> deliveries) {
        return new ReportView(
                report.id(),
                report.status().code(),
                report.accessionNumber(),
                report.site(),
                report.studyInstanceUid(),
                report.patient(),
                report.euid(),
                report.text(),
                report.origin(),
                report.author(),
                report.signer(),
                report.signedAt(),
                report.createdAt(),
                report.updatedAt(),
                report.version(),
                latest == null ? "none" : latest.state(),
                deliveries);
    }
}
