package health.isthmus.dicomweb.reconciliation;

import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.index.ArchivedStudies;
import health.isthmus.events.EventCatalog;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.StudyUpdated;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.mpi.EnterprisePatientEvent;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUnlinked;
import health.isthmus.events.mpi.EnterprisePatientUpdated;
import health.isthmus.platform.outbox.EventPublisher;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Re-files stored studies when the MPI changes an identity, in the inbox's transaction: the read model takes the
 * identity in; every study filed under one of the identifiers the event names (found by issuer and Patient ID, so
 * studies stored before the MPI knew the patient are found too) or under one of its EUIDs takes the identity's EUID
 * and current demographics; a study filed under an identifier a merge (A40) or an identifier change (A47) retired moves
 * to the survivor's identifier of the same issuer (else its first one, and then, when linked to no order, to the site
 * of that identifier's issuer); a study of records an unlink took away follows their new identity.
 * Each study that changed publishes {@code StudyUpdated} (REFILED); a redelivered or repeated event changes nothing.
 */
@Component
public class IdentityFollowing {

    private final JdbcClient jdbc;
    private final KnownIdentities identities;
    private final ArchivedStudies studies;
    private final EventPublisher events;
    private final ArchiveAudit audit;
    private final FilingProperties filing;
    private final Clock clock;

    public IdentityFollowing(
            JdbcClient jdbc,
            KnownIdentities identities,
            ArchivedStudies studies,
            EventPublisher events,
            ArchiveAudit audit,
            FilingProperties filing,
            Clock clock) {
        this.jdbc = jdbc;
        this.identities = identities;
        this.studies = studies;
        this.events = events;
        this.audit = audit;
        this.filing = filing;
        this.clock = clock;
    }

    /**
     * A study row's filing of its patient.
     *
     * @param site the study's site: that of its order once linked, else that of the issuer it is filed under
     * @param orderKey the order it is linked to, if any
     */
    record FiledPatient(
            long studyPk,
            @Nullable String patientId,
            @Nullable String issuerOfPatientId,
            @Nullable UUID euid,
            @Nullable String site,
            @Nullable String orderKey,
            @Nullable String patientName,
            @Nullable String patientNameSearch,
            @Nullable String patientBirthDate,
            @Nullable String patientSex) {

        boolean isNamedBy(List<PatientIdentifier> identifiers) {
            return patientId != null
                    && identifiers.stream()
                            .anyMatch(id -> id.value().equals(patientId)
                                    && id.assigningAuthority().equals(issuerOfPatientId));
        }

        PatientAttributes attributes() {
            return new PatientAttributes(patientName, patientNameSearch, patientBirthDate, patientSex);
        }
    }

    public void apply(EnterprisePatientEvent event) {
        List<PatientIdentifier> retired = switch (event) {
            case EnterprisePatientMerged merged -> merged.retired();
            case EnterprisePatientUpdated updated -> updated.retired();
            default -> List.of();
        };
        List<PatientIdentifier> unlinked = event instanceof EnterprisePatientUnlinked u ? u.unlinked() : List.of();
        List<PatientIdentifier> named = new ArrayList<>(event.identifiers());
        named.addAll(retired);
        named.addAll(unlinked);
        if (event instanceof EnterprisePatientLinked linked) {
            named.addAll(linked.linked());
        }
        identities.lock(named);
        identities.remember(event, retired, clock.instant());
        Set<UUID> euids = new LinkedHashSet<>();
        euids.add(event.euid());
        switch (event) {
            case EnterprisePatientMerged merged when merged.retiredEuid() != null -> euids.add(merged.retiredEuid());
            case EnterprisePatientLinked linked when linked.formerEuid() != null -> euids.add(linked.formerEuid());
            default -> {}
        }
        String eventType = EventCatalog.wireType(event.getClass());
        for (FiledPatient before : lockStudies(euids, named)) {
            FiledPatient after = before.isNamedBy(unlinked)
                    ? leaving(before, (EnterprisePatientUnlinked) event)
                    : following(before, event, retired);
            if (!after.equals(before)) {
                update(after);
                ArchivedStudy study = studies.byPk(after.studyPk());
                events.publish(new StudyUpdated(study, "REFILED", eventType, null));
                audit.studyFiledAnew(
                        study, "REFILED", eventType + " " + event.cause().reference());
            }
        }
    }

    private FiledPatient following(FiledPatient study, EnterprisePatientEvent event, List<PatientIdentifier> retired) {
        String patientId = study.patientId();
        String issuer = study.issuerOfPatientId();
        if (patientId != null && issuer != null && study.isNamedBy(retired)) {
            PatientIdentifier successor =
                    KnownIdentities.successor(event.identifiers(), new PatientIdentifier(patientId, issuer, null));
            patientId = successor.value();
            issuer = successor.assigningAuthority();
        }
        PatientAttributes patient = study.attributes().following(event.demographics());
        // a study of an order stays at the order's site; one filed under a patient moves with the patient's issuer
        boolean issuerChanged = issuer != null && !issuer.equals(study.issuerOfPatientId());
        String site = study.orderKey() == null && (issuerChanged || study.site() == null)
                ? filing.siteOfIssuer(issuer)
                : study.site();
        return new FiledPatient(
                study.studyPk(),
                patientId,
                issuer,
                event.euid(),
                site,
                study.orderKey(),
                patient.name(),
                patient.nameSearch(),
                patient.birthDate(),
                patient.sex());
    }

    // the new identity's EnterprisePatientCreated brings its demographics
    private static FiledPatient leaving(FiledPatient study, EnterprisePatientUnlinked event) {
        return new FiledPatient(
                study.studyPk(),
                study.patientId(),
                study.issuerOfPatientId(),
                event.newEuid(),
                study.site(),
                study.orderKey(),
                study.patientName(),
                study.patientNameSearch(),
                study.patientBirthDate(),
                study.patientSex());
    }

    private List<FiledPatient> lockStudies(Set<UUID> euids, List<PatientIdentifier> identifiers) {
        return jdbc.sql("""
                        select study_pk, patient_id, issuer_of_patient_id, euid, site, order_key, patient_name,
                               patient_name_search, patient_birth_date, patient_sex
                          from study
                         where euid = any(cast(? as uuid[]))
                            or (issuer_of_patient_id, patient_id) in
                               (select * from unnest(cast(? as text[]), cast(? as text[])))
                         order by study_pk
                           for update
                        """)
                .param(euids.stream().map(UUID::toString).toArray(String[]::new))
                .param(identifiers.stream()
                        .map(PatientIdentifier::assigningAuthority)
                        .toArray(String[]::new))
                .param(identifiers.stream().map(PatientIdentifier::value).toArray(String[]::new))
                .query(FiledPatient.class)
                .list();
    }

    private void update(FiledPatient study) {
        jdbc.sql("""
                        update study set patient_id = ?, issuer_of_patient_id = ?, euid = ?, site = ?,
                               patient_name = ?, patient_name_search = ?, patient_birth_date = ?, patient_sex = ?,
                               updated_at = ?
                         where study_pk = ?
                        """)
                .param(study.patientId())
                .param(study.issuerOfPatientId())
                .param(study.euid())
                .param(study.site())
                .param(study.patientName())
                .param(study.patientNameSearch())
                .param(study.patientBirthDate())
                .param(study.patientSex())
                .param(Timestamp.from(clock.instant()))
                .param(study.studyPk())
                .update();
    }
}
