package health.isthmus.report.order;

import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.OrderDetails;
import health.isthmus.events.hl7.OrderEvent;
import health.isthmus.events.worklist.ProcedureStep;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code report_order} read model: orders by site and accession number, kept current from the HIS's order events
 * and the worklist's step events (each the last word on what it owns: the HIS on order numbers and demographics, the
 * worklist on the study UID, the step id and the patient's identity after MPI changes). Reports written before their
 * order arrived are attached to it when it does.
 */
@Component
public class OrderBook {

    private static final String COLUMNS = """
            site, accession_number, placer_order_number, filler_order_number, step_id, study_instance_uid,
            patient_id, issuer_of_patient_id, patient_type_code, euid, patient_family_name, patient_given_names,
            patient_birth_date, patient_sex, procedure_code, procedure_text, procedure_system, order_status
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    public OrderBook(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Applies an order event of the HIS; runs in the inbox's transaction. */
    public void apply(OrderEvent event) {
        OrderDetails order = event.order();
        String site = event.origin().site() != null
                ? event.origin().site()
                : event.origin().sendingFacility();
        String accession = order.accessionNumber() != null ? order.accessionNumber() : order.placerOrderNumber();
        PatientDemographics pid = event.patient();
        PatientIdentifier patient = pid.primaryIdentifier();
        PersonName name = pid.names().isEmpty() ? null : pid.names().getFirst();
        CodedValue procedure =
                order.procedureCodes().isEmpty() ? null : order.procedureCodes().getFirst();
        jdbc.sql("""
                        insert into report_order (site, accession_number, placer_order_number, filler_order_number,
                            study_instance_uid, patient_id, issuer_of_patient_id, patient_type_code,
                            patient_family_name, patient_given_names, patient_birth_date, patient_sex,
                            procedure_code, procedure_text, procedure_system, order_status, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (site, accession_number) do update
                           set placer_order_number = excluded.placer_order_number,
                               filler_order_number = coalesce(excluded.filler_order_number, report_order.filler_order_number),
                               study_instance_uid = coalesce(report_order.study_instance_uid, excluded.study_instance_uid),
                               patient_family_name = excluded.patient_family_name,
                               patient_given_names = excluded.patient_given_names,
                               patient_birth_date = excluded.patient_birth_date,
                               patient_sex = excluded.patient_sex,
                               procedure_code = coalesce(excluded.procedure_code, report_order.procedure_code),
                               procedure_text = coalesce(excluded.procedure_text, report_order.procedure_text),
                               procedure_system = coalesce(excluded.procedure_system, report_order.procedure_system),
                               order_status = excluded.order_status,
                               updated_at = excluded.updated_at
                        """)
                .param(site)
                .param(accession)
                .param(order.placerOrderNumber())
                .param(order.fillerOrderNumber())
                .param(order.studyInstanceUid())
                .param(patient.value())
                .param(patient.assigningAuthority())
                .param(patient.typeCode())
                .param(name == null ? null : name.family())
                .param(name == null ? new String[0] : name.given().toArray(String[]::new))
                .param(pid.birthDate() == null ? null : Date.valueOf(pid.birthDate()))
                .param(pid.sex())
                .param(procedure == null ? null : procedure.code())
                .param(procedure == null ? null : procedure.text())
                .param(procedure == null ? null : procedure.codingSystem())
                .param(order.orderControl() + (order.orderStatus() == null ? "" : "/" + order.orderStatus()))
                .param(Timestamp.from(clock.instant()))
                .update();
        attachReports(site, accession);
    }

    /** Applies a step of the worklist; runs in the inbox's transaction. */
    public void apply(ProcedureStep step) {
        PatientIdentifier patient = step.patient();
        jdbc.sql("""
                        insert into report_order (site, accession_number, step_id, study_instance_uid, patient_id,
                            issuer_of_patient_id, patient_type_code, euid, order_status, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (site, accession_number) do update
                           set step_id = excluded.step_id,
                               study_instance_uid = excluded.study_instance_uid,
                               patient_id = excluded.patient_id,
                               issuer_of_patient_id = excluded.issuer_of_patient_id,
                               patient_type_code = coalesce(excluded.patient_type_code, report_order.patient_type_code),
                               euid = coalesce(excluded.euid, report_order.euid),
                               updated_at = excluded.updated_at
                        """)
                .param(step.site())
                .param(step.accessionNumber())
                .param(step.stepId())
                .param(step.studyInstanceUid())
                .param(patient.value())
                .param(patient.assigningAuthority())
                .param(patient.typeCode())
                .param(step.euid())
                .param("step/" + step.status())
                .param(Timestamp.from(clock.instant()))
                .update();
        attachReports(step.site(), step.accessionNumber());
    }

    // reports written before the order (or its study, its EUID) was known take them from the order
    private void attachReports(String site, String accession) {
        jdbc.sql("""
                        update report r
                           set site = o.site,
                               patient_id = coalesce(r.patient_id, o.patient_id),
                               issuer_of_patient_id = coalesce(r.issuer_of_patient_id, o.issuer_of_patient_id),
                               study_instance_uid = coalesce(r.study_instance_uid, o.study_instance_uid),
                               euid = coalesce(r.euid, o.euid)
                          from report_order o
                         where o.site = ? and o.accession_number = ?
                           and r.accession_number = o.accession_number
                           and (r.site = o.site or (r.site is null and r.patient_id is null))
                           and r.origin = 'local'
                           and (r.site is null or r.patient_id is null or r.study_instance_uid is null or r.euid is null)
                        """).param(site).param(accession).update();
    }

    /** The order of an accession number at a site. */
    public Optional<ReportOrder> find(String site, String accessionNumber) {
        return jdbc.sql("select " + COLUMNS + " from report_order where site = ? and accession_number = ?")
                .param(site)
                .param(accessionNumber)
                .query(OrderBook::order)
                .optional();
    }

    /** The orders of an accession number at every site (accession numbers are unique per site only). */
    public List<ReportOrder> findByAccession(String accessionNumber) {
        return jdbc.sql("select " + COLUMNS + " from report_order where accession_number = ? order by site")
                .param(accessionNumber)
                .query(OrderBook::order)
                .list();
    }

    /** The order the worklist scheduled as the given step. */
    public Optional<ReportOrder> findByStepId(long stepId) {
        return jdbc.sql("select " + COLUMNS + " from report_order where step_id = ?")
                .param(stepId)
                .query(OrderBook::order)
                .optional();
    }

    private static ReportOrder order(ResultSet rs, int row) throws SQLException {
        Array given = rs.getArray("patient_given_names");
        Date birth = rs.getDate("patient_birth_date");
        String code = rs.getString("procedure_code");
        long stepId = rs.getLong("step_id");
        Long step = rs.wasNull() ? null : stepId;
        return new ReportOrder(
                rs.getString("site"),
                rs.getString("accession_number"),
                rs.getString("placer_order_number"),
                rs.getString("filler_order_number"),
                step,
                rs.getString("study_instance_uid"),
                new PatientIdentifier(
                        rs.getString("patient_id"),
                        rs.getString("issuer_of_patient_id"),
                        rs.getString("patient_type_code")),
                rs.getObject("euid", UUID.class),
                rs.getString("patient_family_name"),
                given == null ? List.of() : Arrays.asList((String[]) given.getArray()),
                birth == null ? null : birth.toLocalDate(),
                rs.getString("patient_sex"),
                code == null
                        ? null
                        : new CodedValue(code, rs.getString("procedure_text"), rs.getString("procedure_system")),
                rs.getString("order_status"));
    }
}
