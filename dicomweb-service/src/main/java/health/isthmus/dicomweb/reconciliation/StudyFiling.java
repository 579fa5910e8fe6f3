package health.isthmus.dicomweb.reconciliation;

import health.isthmus.dicomweb.reconciliation.KnownIdentities.NamedIdentity;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides where the first instance of a study is filed, from the worklist's and the MPI's read models: an instance
 * with an order (same Study Instance UID, else same accession number) is filed under the order's patient when its
 * Patient ID names that patient (the same identifier, or another identifier of the same enterprise identity), and held
 * for reconciliation when it names someone else (RELIABILITY T12). Without an order it is filed under its own Patient
 * ID, moved to the survivor's identifier when the MPI retired it.
 */
@Component
public class StudyFiling {

    private final JdbcClient jdbc;
    private final FilingProperties properties;
    private final KnownIdentities identities;

    public StudyFiling(JdbcClient jdbc, FilingProperties properties, KnownIdentities identities) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.identities = identities;
    }

    /** The expected study of the worklist read model. */
    record ExpectedStudy(
            String orderKey,
            String site,
            String accessionNumber,
            String studyInstanceUid,
            String patientId,
            String issuerOfPatientId,
            @Nullable UUID euid) {}

    /**
     * Files a study's first instance. Runs in the caller's transaction, and holds until it ends the locks that order
     * it with a worklist or MPI event about the same study or patient (each then sees the other's outcome).
     *
     * @param patientId the instance's Patient ID (0010,0020)
     * @param issuer the instance's Issuer of Patient ID (0010,0021)
     * @param callingAeTitle the sending modality, for DIMSE
     */
    public Filing decide(
            String studyInstanceUid,
            @Nullable String accessionNumber,
            @Nullable String patientId,
            @Nullable String issuer,
            @Nullable String callingAeTitle) {
        String authority = issuer != null ? issuer : properties.issuerFor(callingAeTitle);
        lockStudy(studyInstanceUid, accessionNumber);
        if (patientId != null && authority != null) {
            identities.lock(List.of(new PatientIdentifier(patientId, authority, null)));
        }
        Optional<ExpectedStudy> order = orderFor(studyInstanceUid, accessionNumber, properties.siteFor(callingAeTitle));
        if (order.isPresent()) {
            ExpectedStudy expected = order.get();
            if (patientId == null || namesOrderPatient(expected, patientId, authority)) {
                return new Filing(
                        Filing.FILED,
                        null,
                        expected.patientId(),
                        expected.issuerOfPatientId(),
                        orderIdentity(expected),
                        expected.site(),
                        expected.orderKey());
            }
            return new Filing(
                    Filing.HELD,
                    heldReason(expected),
                    patientId,
                    authority,
                    null,
                    expected.site(),
                    expected.orderKey());
        }
        String senderSite = properties.siteFor(callingAeTitle);
        String site = senderSite != null ? senderSite : properties.siteOfIssuer(authority);
        if (patientId == null || authority == null) {
            return new Filing(Filing.FILED, null, patientId, authority, null, site, null);
        }
        Optional<NamedIdentity> identity = identities.named(authority, patientId);
        if (identity.isEmpty()) {
            return new Filing(Filing.FILED, null, patientId, authority, null, site, null);
        }
        PatientIdentifier sent = new PatientIdentifier(patientId, authority, null);
        PatientIdentifier current =
                identity.get().retired() ? identities.successor(identity.get().euid(), sent) : sent;
        return new Filing(
                Filing.FILED,
                null,
                current.value(),
                current.assigningAuthority(),
                identity.get().euid(),
                senderSite != null ? senderSite : properties.siteOfIssuer(current.assigningAuthority()),
                null);
    }

    /**
     * The patient attributes a newly filed study's row holds: the MPI's current demographics of its identity where
     * the MPI states them, else the attributes the images carry (which stay untouched in the stored files).
     */
    public PatientAttributes patient(
            Filing filed, @Nullable String name, @Nullable String birthDate, @Nullable String sex) {
        PatientAttributes sent = PatientAttributes.of(name, birthDate, sex);
        UUID euid = filed.euid();
        return euid == null
                ? sent
                : identities.demographics(euid).map(sent::following).orElse(sent);
    }

    static String heldReason(ExpectedStudy order) {
        return "the Patient ID of the images is not that of the order " + order.orderKey();
    }

    /**
     * Orders the filing of a study with a worklist event about it: both take these locks before reading the other's
     * rows.
     */
    void lockStudy(String studyInstanceUid, @Nullable String accessionNumber) {
        lock("archive.study|" + studyInstanceUid);
        if (accessionNumber != null && !accessionNumber.isBlank()) {
            lock("archive.accession|" + accessionNumber);
        }
    }

    private void lock(String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param(key)
                .query()
                .singleRow();
    }

    /** The order's patient's identity: the one the worklist named, else the one the MPI read model knows. */
    @Nullable
    UUID orderIdentity(ExpectedStudy order) {
        return order.euid() != null
                ? order.euid()
                : identities
                        .named(order.issuerOfPatientId(), order.patientId())
                        .map(NamedIdentity::euid)
                        .orElse(null);
    }

    /** Whether a Patient ID names the order's patient: the same identifier, or one of the same identity. */
    boolean namesOrderPatient(ExpectedStudy order, String patientId, @Nullable String authority) {
        String issuer = authority != null ? authority : order.issuerOfPatientId();
        if (patientId.equals(order.patientId()) && issuer.equals(order.issuerOfPatientId())) {
            return true;
        }
        UUID orderIdentity = orderIdentity(order);
        return orderIdentity != null
                && identities
                        .named(issuer, patientId)
                        .map(named -> named.euid().equals(orderIdentity))
                        .orElse(false);
    }

    Optional<ExpectedStudy> orderFor(
            String studyInstanceUid, @Nullable String accessionNumber, @Nullable String senderSite) {
        List<ExpectedStudy> byUid =
                jdbc.sql("""
                        select order_key, site, accession_number, study_instance_uid, patient_id, issuer_of_patient_id,
                               euid
                          from expected_study where study_instance_uid = ? and status <> 'CANCELLED'
                        """).param(studyInstanceUid).query(ExpectedStudy.class).list();
        if (byUid.size() == 1) {
            return Optional.of(byUid.getFirst());
        }
        if (accessionNumber == null || accessionNumber.isBlank()) {
            return Optional.empty();
        }
        List<ExpectedStudy> byAccession =
                jdbc.sql("""
                        select order_key, site, accession_number, study_instance_uid, patient_id, issuer_of_patient_id,
                               euid
                          from expected_study where accession_number = ? and status <> 'CANCELLED'
                        """).param(accessionNumber).query(ExpectedStudy.class).list();
        if (byAccession.size() > 1 && senderSite != null) {
            byAccession = byAccession.stream()
                    .filter(candidate -> candidate.site().equals(senderSite))
                    .toList();
        }
        return byAccession.size() == 1 ? Optional.of(byAccession.getFirst()) : Optional.empty();
    }

    /** An order of the read model by its key, cancelled or not. */
    Optional<ExpectedStudy> order(String orderKey) {
        return jdbc.sql("""
                        select order_key, site, accession_number, study_instance_uid, patient_id, issuer_of_patient_id,
                               euid
                          from expected_study where order_key = ?
                        """).param(orderKey).query(ExpectedStudy.class).optional();
    }
}
