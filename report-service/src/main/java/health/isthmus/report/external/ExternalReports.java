package health.isthmus.report.external;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.ReportObservation;
import health.isthmus.report.audit.ReportAudit;
import health.isthmus.report.lifecycle.Reports;
import health.isthmus.report.lifecycle.domain.Report;
import health.isthmus.report.lifecycle.domain.ReportStatus;
import health.isthmus.report.order.OrderBook;
import health.isthmus.report.order.ReportOrder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores the reports of external reporting systems (ORU^R01 that hl7-ingest publishes) as reports of origin
 * {@code external}: a later ORU for the same order replaces the text and status as a new version. An ORU whose
 * accession number matches an order of another patient is refused (RELIABILITY T12): it is not attached, it is
 * recorded in {@code report_refusal} for an admin, and audited as a serious failure. Runs in the inbox's transaction.
 */
@Component
public class ExternalReports {

    private static final Logger log = LoggerFactory.getLogger(ExternalReports.class);

    private final OrderBook orders;
    private final Reports reports;
    private final ReportAudit audit;
    private final JdbcClient jdbc;
    private final Clock clock;

    public ExternalReports(OrderBook orders, Reports reports, ReportAudit audit, JdbcClient jdbc, Clock clock) {
        this.orders = orders;
        this.reports = reports;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void apply(ExternalReportReceived event) {
        Hl7Origin origin = event.origin();
        String site = origin.site() != null ? origin.site() : origin.sendingFacility();
        String accession = event.accessionNumber() != null ? event.accessionNumber() : event.placerOrderNumber();
        List<PatientIdentifier> sent = event.patient().identifiers();
        String source = origin.sendingApplication() + "|" + origin.sendingFacility() + "|" + origin.controlId();
        Optional<ReportOrder> order = orders.find(site, accession);
        Instant now = clock.instant();
        if (order.isPresent() && !order.get().isPatient(sent)) {
            refuse(event, site, accession, source, order.get(), now);
            return;
        }
        ReportStatus status = status(event.resultStatus());
        String text =
                event.observations().stream().map(ReportObservation::value).collect(Collectors.joining("\n"));
        String sender = origin.sendingApplication() + "|" + origin.sendingFacility();
        PatientIdentifier patient =
                order.map(ReportOrder::patient).orElse(event.patient().primaryIdentifier());
        Optional<Report> existing = reports.findOpen(site, accession, Report.EXTERNAL);
        if (existing.isPresent()) {
            Report before = existing.get();
            Report after = new Report(
                    before.id(),
                    before.site(),
                    before.accessionNumber(),
                    before.studyInstanceUid(),
                    before.patient(),
                    before.euid(),
                    status,
                    text,
                    Report.EXTERNAL,
                    before.author(),
                    status.signed() ? sender : null,
                    status.signed() ? now : null,
                    before.createdAt(),
                    now,
                    before.version() + 1);
            reports.replaceExternal(after, source, sender);
            audit.externalReport(
                    origin,
                    "external report updated",
                    AuditAction.U,
                    List.of(patient),
                    accession,
                    AuditOutcome.SUCCESS,
                    site);
            return;
        }
        Report received = new Report(
                0,
                site,
                accession,
                order.map(ReportOrder::studyInstanceUid).orElse(null),
                patient,
                order.map(ReportOrder::euid).orElse(null),
                status,
                text,
                Report.EXTERNAL,
                sender,
                status.signed() ? sender : null,
                status.signed() ? now : null,
                now,
                now,
                1);
        reports.insert(received, "received", source, null);
        audit.externalReport(
                origin,
                "external report stored",
                AuditAction.C,
                List.of(patient),
                accession,
                AuditOutcome.SUCCESS,
                site);
    }

    private void refuse(
            ExternalReportReceived event,
            String site,
            String accession,
            String source,
            ReportOrder order,
            Instant now) {
        String reason = "the ORU's patient (PID-3) is not the patient of order " + accession + " at " + site;
        jdbc.sql("""
                        insert into report_refusal (site, accession_number, source_message, received_patient,
                            order_patient, reason, received_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .param(site)
                .param(accession)
                .param(source)
                .param(event.patient().identifiers().stream()
                        .map(PatientIdentifier::qualified)
                        .toArray(String[]::new))
                .param(order.patient().qualified())
                .param(reason)
                .param(Timestamp.from(now))
                .update();
        List<PatientIdentifier> patients = new ArrayList<>(event.patient().identifiers());
        patients.add(order.patient());
        audit.externalReport(
                event.origin(),
                "external report refused: its patient contradicts the order",
                AuditAction.C,
                patients,
                accession,
                AuditOutcome.SERIOUS_FAILURE,
                site);
        log.warn("external report {} refused: patient does not match order {} at {}", source, accession, site);
    }

    // OBR-25 (HL7 table 0123)
    static ReportStatus status(@Nullable String resultStatus) {
        if (resultStatus == null) {
            return ReportStatus.FINAL;
        }
        return switch (resultStatus.trim()) {
            case "F" -> ReportStatus.FINAL;
            case "C" -> ReportStatus.CORRECTED;
            case "X" -> ReportStatus.CANCELLED;
            default -> ReportStatus.PRELIMINARY;
        };
    }
}
