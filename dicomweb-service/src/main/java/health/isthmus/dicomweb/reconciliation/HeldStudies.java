package health.isthmus.dicomweb.reconciliation;

import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.dicomweb.index.UnknownStudyException;
import health.isthmus.dicomweb.reconciliation.KnownIdentities.NamedIdentity;
import health.isthmus.dicomweb.reconciliation.StudyFiling.ExpectedStudy;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.StudyUpdated;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.platform.outbox.EventPublisher;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Studies held for reconciliation, and an admin's decision on one: file it under its order's patient (the images
 * carried a wrong Patient ID) or as sent (the images were matched to the wrong order; the link is dropped). Either way
 * the study is FILED with the MPI's current demographics of the chosen patient, when the MPI knows them, and publishes
 * {@code StudyUpdated} (RECONCILED). Runs in the caller's transaction.
 */
@Service
public class HeldStudies {

    /** File the study under the patient of the order it was matched to. */
    public static final String FILE_UNDER_ORDER = "file-under-order";

    /** File the study under the Patient ID its images carry, not linked to the order. */
    public static final String FILE_AS_SENT = "file-as-sent";

    /** Most held studies one list returns. */
    static final int LIMIT = 500;

    private final JdbcClient jdbc;
    private final StudyFiling filing;
    private final FilingProperties properties;
    private final KnownIdentities identities;
    private final ArchivedStudies studies;
    private final EventPublisher events;
    private final Clock clock;

    public HeldStudies(
            JdbcClient jdbc,
            StudyFiling filing,
            FilingProperties properties,
            KnownIdentities identities,
            ArchivedStudies studies,
            EventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.filing = filing;
        this.properties = properties;
        this.identities = identities;
        this.studies = studies;
        this.events = events;
        this.clock = clock;
    }

    /** Held studies, oldest first, at most 500. */
    public List<HeldStudy> list() {
        return jdbc.sql("""
                        select s.study_instance_uid, s.accession_number, s.order_key, s.patient_id,
                               s.issuer_of_patient_id, e.patient_id as order_patient_id,
                               e.issuer_of_patient_id as order_issuer, s.held_reason, s.number_of_series,
                               s.number_of_instances, s.created_at, s.last_instance_at
                          from study s left join expected_study e on e.order_key = s.order_key
                         where s.filing = 'HELD'
                         order by s.created_at, s.study_pk
                         limit ?
                        """)
                .param(LIMIT)
                .query((rs, row) -> new HeldStudy(
                        rs.getString("study_instance_uid"),
                        rs.getString("accession_number"),
                        rs.getString("order_key"),
                        identifier(rs.getString("patient_id"), rs.getString("issuer_of_patient_id")),
                        identifier(rs.getString("order_patient_id"), rs.getString("order_issuer")),
                        rs.getString("held_reason"),
                        rs.getInt("number_of_series"),
                        rs.getInt("number_of_instances"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_instance_at").toInstant()))
                .list();
    }

    private record Held(
            long studyPk,
            String filing,
            @Nullable String patientId,
            @Nullable String issuerOfPatientId,
            @Nullable String orderKey,
            @Nullable String patientName,
            @Nullable String patientBirthDate,
            @Nullable String patientSex) {}

    /**
     * Files a held study as the admin decided.
     *
     * @param action {@link #FILE_UNDER_ORDER} or {@link #FILE_AS_SENT}
     * @param changedBy the admin's user or client id
     * @throws UnknownStudyException when the archive holds no such study
     * @throws ReconciliationConflictException when it is not held, or its order is gone for file-under-order
     */
    public ArchivedStudy resolve(String studyInstanceUid, String action, String changedBy) {
        Held held = jdbc.sql("""
                        select study_pk, filing, patient_id, issuer_of_patient_id, order_key, patient_name,
                               patient_birth_date, patient_sex
                          from study where study_instance_uid = ? for update
                        """)
                .param(studyInstanceUid)
                .query(Held.class)
                .optional()
                .orElseThrow(() -> new UnknownStudyException("study " + studyInstanceUid));
        if (!"HELD".equals(held.filing())) {
            throw new ReconciliationConflictException("the study is not held for reconciliation");
        }
        @Nullable PatientIdentifier patient;
        @Nullable UUID euid;
        String orderKey;
        @Nullable String site;
        if (FILE_UNDER_ORDER.equals(action)) {
            ExpectedStudy order = Optional.ofNullable(held.orderKey())
                    .flatMap(filing::order)
                    .orElseThrow(() -> new ReconciliationConflictException(
                            "the worklist no longer holds the study's order " + held.orderKey()));
            patient = new PatientIdentifier(order.patientId(), order.issuerOfPatientId(), null);
            euid = filing.orderIdentity(order);
            orderKey = order.orderKey();
            site = order.site();
        } else if (FILE_AS_SENT.equals(action)) {
            if (held.patientId() == null || held.issuerOfPatientId() == null) {
                patient = null;
                euid = null;
            } else {
                PatientIdentifier sent = new PatientIdentifier(held.patientId(), held.issuerOfPatientId(), null);
                Optional<NamedIdentity> named = identities.named(held.issuerOfPatientId(), held.patientId());
                euid = named.map(NamedIdentity::euid).orElse(null);
                patient = named.filter(NamedIdentity::retired)
                        .map(identity -> identities.successor(identity.euid(), sent))
                        .orElse(sent);
            }
            orderKey = null;
            // no longer the order's: the site of the patient it is filed under
            site = properties.siteOfIssuer(patient == null ? held.issuerOfPatientId() : patient.assigningAuthority());
        } else {
            throw new IllegalArgumentException("unknown action " + action);
        }
        PatientAttributes attributes =
                PatientAttributes.of(held.patientName(), held.patientBirthDate(), held.patientSex());
        if (euid != null) {
            attributes =
                    identities.demographics(euid).map(attributes::following).orElse(attributes);
        }
        jdbc.sql("""
                        update study set filing = 'FILED', held_reason = null, patient_id = ?,
                               issuer_of_patient_id = ?, euid = ?, order_key = ?, site = ?, patient_name = ?,
                               patient_name_search = ?, patient_birth_date = ?, patient_sex = ?, updated_at = ?
                         where study_pk = ?
                        """)
                .param(patient == null ? held.patientId() : patient.value())
                .param(patient == null ? held.issuerOfPatientId() : patient.assigningAuthority())
                .param(euid)
                .param(orderKey)
                .param(site)
                .param(attributes.name())
                .param(attributes.nameSearch())
                .param(attributes.birthDate())
                .param(attributes.sex())
                .param(Timestamp.from(clock.instant()))
                .param(held.studyPk())
                .update();
        ArchivedStudy study = studies.byPk(held.studyPk());
        events.publish(new StudyUpdated(study, "RECONCILED", "admin " + action, changedBy));
        return study;
    }

    private static @Nullable PatientIdentifier identifier(@Nullable String value, @Nullable String issuer) {
        return value == null ? null : new PatientIdentifier(value, issuer == null ? "" : issuer, null);
    }
}
