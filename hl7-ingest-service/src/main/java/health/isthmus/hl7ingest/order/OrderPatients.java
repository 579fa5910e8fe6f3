package health.isthmus.hl7ingest.order;

import ca.uhn.hl7v2.ErrorCode;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.OrderEvent;
import health.isthmus.events.hl7.PatientIdentifierChanged;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7ingest.intake.CommitParticipant;
import health.isthmus.hl7ingest.translation.AcceptanceRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The patient each order is for, as its order messages named it, kept so that an ORU^R01 whose accession number
 * (OBR-18, else the placer order number OBR-2) names a known order of the same site but whose PID-3 names none of
 * that order's patient is refused with AE (RELIABILITY T12): a report is never attached to another patient's order.
 * Merges (A40) and identifier changes (A47) re-point the orders of the retired identifier to the surviving one, so a
 * report naming the patient as the HIS now knows them is accepted. An ORU for an order never seen here is accepted:
 * the report-service decides about it with what it knows.
 */
@Component
public class OrderPatients implements CommitParticipant, AcceptanceRule {

    private static final Logger log = LoggerFactory.getLogger(OrderPatients.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Counter refused;

    OrderPatients(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.refused = Counter.builder("isthmus.hl7ingest.reports.patient-mismatch")
                .description("ORU^R01 refused because their patient is not the patient of the order they name")
                .register(meters);
    }

    @Override
    public void committing(List<IsthmusEvent> events) {
        for (IsthmusEvent event : events) {
            Runnable write = writeFor(event);
            if (write != null) {
                write.run();
            }
        }
    }

    @Override
    public boolean writesFor(List<IsthmusEvent> events) {
        return events.stream().anyMatch(event -> writeFor(event) != null);
    }

    /** What an event changes of whose orders are whose, or null when it says nothing about that. */
    private @Nullable Runnable writeFor(IsthmusEvent event) {
        return switch (event) {
            case OrderEvent order ->
                () -> remember(
                        siteOf(order.origin()),
                        orderKey(order.order().accessionNumber(), order.order().placerOrderNumber()),
                        order.patient().primaryIdentifier());
            case PatientsMerged merged ->
                () -> merged.retired()
                        .forEach(retired -> repoint(retired, merged.survivor().primaryIdentifier()));
            case PatientIdentifierChanged changed ->
                () -> repoint(changed.previous(), changed.patient().primaryIdentifier());
            default -> null;
        };
    }

    @Override
    public boolean concerns(String triggerEvent) {
        return "R01".equals(triggerEvent);
    }

    @Override
    public Optional<Hl7Problem> breach(IsthmusEvent event) {
        if (!(event instanceof ExternalReportReceived report)) {
            return Optional.empty();
        }
        String site = siteOf(report.origin());
        String order = orderKey(report.accessionNumber(), report.placerOrderNumber());
        Optional<PatientIdentifier> orderPatient = jdbc.sql("""
                        select assigning_authority, patient_id from order_patient where site = ? and order_key = ?
                        """)
                .params(site, order)
                .query((rs, row) -> new PatientIdentifier(rs.getString("patient_id"), rs.getString(1), null))
                .optional();
        if (orderPatient.isEmpty() || names(report.patient().identifiers(), orderPatient.get())) {
            return Optional.empty();
        }
        refused.increment();
        log.warn("ORU^R01 refused: its patient is not the patient of the order it names (site {})", site);
        return Optional.of(new Hl7Problem(
                ErrorCode.UNKNOWN_KEY_IDENTIFIER,
                "PID-3 does not identify the patient of order " + order
                        + "; the report is not attached to another patient's order",
                "PID",
                3));
    }

    private void remember(String site, String order, PatientIdentifier patient) {
        jdbc.sql("""
                        insert into order_patient (site, order_key, assigning_authority, patient_id, updated_at)
                        values (?, ?, ?, ?, ?)
                        on conflict (site, order_key) do update
                           set assigning_authority = excluded.assigning_authority,
                               patient_id = excluded.patient_id, updated_at = excluded.updated_at
                        """)
                .params(site, order, patient.assigningAuthority(), patient.value(), Timestamp.from(clock.instant()))
                .update();
    }

    private void repoint(PatientIdentifier retired, PatientIdentifier survivor) {
        jdbc.sql("""
                        update order_patient set assigning_authority = ?, patient_id = ?, updated_at = ?
                         where assigning_authority = ? and patient_id = ?
                        """)
                .params(
                        survivor.assigningAuthority(),
                        survivor.value(),
                        Timestamp.from(clock.instant()),
                        retired.assigningAuthority(),
                        retired.value())
                .update();
    }

    private static boolean names(List<PatientIdentifier> sent, PatientIdentifier patient) {
        return sent.stream()
                .anyMatch(id -> id.value().equals(patient.value())
                        && id.assigningAuthority().equals(patient.assigningAuthority()));
    }

    /** The site the report-service also files the order and its reports under. */
    private static String siteOf(Hl7Origin origin) {
        return origin.site() != null ? origin.site() : origin.sendingFacility();
    }

    private static String orderKey(@Nullable String accessionNumber, String placerOrderNumber) {
        return accessionNumber != null ? accessionNumber : placerOrderNumber;
    }
}
