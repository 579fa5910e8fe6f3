package health.isthmus.dicomweb.reconciliation;

import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.dicomweb.reconciliation.StudyFiling.ExpectedStudy;
import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.StudyUpdated;
import health.isthmus.events.worklist.ProcedureCancelled;
import health.isthmus.events.worklist.ProcedureChanged;
import health.isthmus.events.worklist.ProcedureCompleted;
import health.isthmus.events.worklist.ProcedureDiscontinued;
import health.isthmus.events.worklist.ProcedureScheduled;
import health.isthmus.events.worklist.ProcedureStarted;
import health.isthmus.events.worklist.ProcedureStep;
import health.isthmus.platform.outbox.EventPublisher;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the worklist read model ({@code expected_study}) and links studies whose images came before their order, in
 * the inbox's transaction: each procedure event upserts its step under {@code <site>|<accession number>}; a study
 * already stored with the step's Study Instance UID (else the only unlinked one with its accession number) is filed
 * under the order's patient when its Patient ID names that patient, and held for an admin when it names someone else
 * (RELIABILITY T12), each with {@code StudyUpdated} (RECONCILED or HELD). A cancelled step is kept, marked CANCELLED,
 * and links nothing.
 */
@Component
public class OrderFollowing {

    private final JdbcClient jdbc;
    private final StudyFiling filing;
    private final KnownIdentities identities;
    private final ArchivedStudies studies;
    private final EventPublisher events;
    private final ArchiveAudit audit;
    private final Clock clock;

    public OrderFollowing(
            JdbcClient jdbc,
            StudyFiling filing,
            KnownIdentities identities,
            ArchivedStudies studies,
            EventPublisher events,
            ArchiveAudit audit,
            Clock clock) {
        this.jdbc = jdbc;
        this.filing = filing;
        this.identities = identities;
        this.studies = studies;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /** A stored study not yet linked to an order. */
    record UnlinkedStudy(
            long studyPk,
            @Nullable String patientId,
            @Nullable String issuerOfPatientId,
            @Nullable String orderKey,
            @Nullable String patientName,
            @Nullable String patientBirthDate,
            @Nullable String patientSex) {}

    public void apply(IsthmusEvent event) {
        ProcedureStep step = switch (event) {
            case ProcedureScheduled scheduled -> scheduled.step();
            case ProcedureChanged changed -> changed.step();
            case ProcedureCancelled cancelled -> cancelled.step();
            case ProcedureStarted started -> started.step();
            case ProcedureCompleted completed -> completed.step();
            case ProcedureDiscontinued discontinued -> discontinued.step();
            default -> null;
        };
        if (step == null) {
            return;
        }
        String status = event instanceof ProcedureCancelled ? "CANCELLED" : step.status();
        filing.lockStudy(step.studyInstanceUid(), step.accessionNumber());
        jdbc.sql("""
                        insert into expected_study (order_key, site, accession_number, study_instance_uid, patient_id,
                            issuer_of_patient_id, euid, status, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (order_key) do update set site = excluded.site,
                            accession_number = excluded.accession_number,
                            study_instance_uid = excluded.study_instance_uid, patient_id = excluded.patient_id,
                            issuer_of_patient_id = excluded.issuer_of_patient_id, euid = excluded.euid,
                            status = excluded.status, updated_at = excluded.updated_at
                        """)
                .param(step.key())
                .param(step.site())
                .param(step.accessionNumber())
                .param(step.studyInstanceUid())
                .param(step.patient().value())
                .param(step.patient().assigningAuthority())
                .param(step.euid())
                .param(status)
                .param(Timestamp.from(clock.instant()))
                .update();
        if ("CANCELLED".equals(status)) {
            return;
        }
        ExpectedStudy order = new ExpectedStudy(
                step.key(),
                step.site(),
                step.accessionNumber(),
                step.studyInstanceUid(),
                step.patient().value(),
                step.patient().assigningAuthority(),
                step.euid());
        storedStudy(order).ifPresent(study -> link(study, order, EventCatalog.wireType(event.getClass())));
    }

    private Optional<UnlinkedStudy> storedStudy(ExpectedStudy order) {
        Optional<UnlinkedStudy> byUid = jdbc.sql("""
                        select study_pk, patient_id, issuer_of_patient_id, order_key, patient_name, patient_birth_date,
                               patient_sex
                          from study where study_instance_uid = ? for update
                        """)
                .param(order.studyInstanceUid())
                .query(UnlinkedStudy.class)
                .optional();
        if (byUid.isPresent()) {
            return byUid.filter(study -> study.orderKey() == null);
        }
        List<UnlinkedStudy> byAccession = jdbc.sql("""
                        select study_pk, patient_id, issuer_of_patient_id, order_key, patient_name, patient_birth_date,
                               patient_sex
                          from study
                         where accession_number = ? and order_key is null and (site is null or site = ?)
                         order by study_pk
                           for update
                        """)
                .param(order.accessionNumber())
                .param(order.site())
                .query(UnlinkedStudy.class)
                .list();
        return byAccession.size() == 1 ? Optional.of(byAccession.getFirst()) : Optional.empty();
    }

    private void link(UnlinkedStudy study, ExpectedStudy order, String eventType) {
        Timestamp now = Timestamp.from(clock.instant());
        String reason;
        if (study.patientId() == null
                || filing.namesOrderPatient(order, study.patientId(), study.issuerOfPatientId())) {
            UUID euid = filing.orderIdentity(order);
            PatientAttributes patient =
                    PatientAttributes.of(study.patientName(), study.patientBirthDate(), study.patientSex());
            if (euid != null) {
                patient = identities.demographics(euid).map(patient::following).orElse(patient);
            }
            jdbc.sql("""
                            update study set patient_id = ?, issuer_of_patient_id = ?, euid = ?, site = ?,
                                   order_key = ?, filing = 'FILED', held_reason = null, patient_name = ?,
                                   patient_name_search = ?, patient_birth_date = ?, patient_sex = ?, updated_at = ?
                             where study_pk = ?
                            """)
                    .param(order.patientId())
                    .param(order.issuerOfPatientId())
                    .param(euid)
                    .param(order.site())
                    .param(order.orderKey())
                    .param(patient.name())
                    .param(patient.nameSearch())
                    .param(patient.birthDate())
                    .param(patient.sex())
                    .param(now)
                    .param(study.studyPk())
                    .update();
            reason = "RECONCILED";
        } else {
            jdbc.sql("""
                            update study set filing = 'HELD', held_reason = ?, site = ?, order_key = ?, updated_at = ?
                             where study_pk = ?
                            """)
                    .param(StudyFiling.heldReason(order))
                    .param(order.site())
                    .param(order.orderKey())
                    .param(now)
                    .param(study.studyPk())
                    .update();
            reason = "HELD";
        }
        ArchivedStudy updated = studies.byPk(study.studyPk());
        events.publish(new StudyUpdated(updated, reason, eventType, null));
        audit.studyFiledAnew(updated, reason, eventType + " " + order.orderKey());
    }
}
