package health.isthmus.dicomweb.reconciliation;

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

    public StudyFiling(JdbcClient jdbc, FilingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
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

    /** An identifier's identity in the MPI read model. */
    record NamedIdentity(UUID euid, boolean retired) {}

    /**
     * Files a study's first instance. Runs in the caller's transaction.
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
        Optional<ExpectedStudy> order = orderFor(studyInstanceUid, accessionNumber, properties.siteFor(callingAeTitle));
        if (order.isPresent()) {
            ExpectedStudy expected = order.get();
            if (patientId == null || namesOrderPatient(expected, patientId, authority)) {
                return new Filing(
                        Filing.FILED,
                        null,
                        expected.patientId(),
                        expected.issuerOfPatientId(),
                        expected.euid() != null
                                ? expected.euid()
                                : identity(expected.issuerOfPatientId(), expected.patientId())
                                        .map(NamedIdentity::euid)
                                        .orElse(null),
                        expected.site(),
                        expected.orderKey());
            }
            return new Filing(
                    Filing.HELD,
                    "the Patient ID of the images is not that of the order " + expected.orderKey(),
                    patientId,
                    authority,
                    null,
                    expected.site(),
                    expected.orderKey());
        }
        String senderSite = properties.siteFor(callingAeTitle);
        String site = senderSite != null ? senderSite : authority;
        if (patientId == null || authority == null) {
            return new Filing(Filing.FILED, null, patientId, authority, null, site, null);
        }
        Optional<NamedIdentity> identity = identity(authority, patientId);
        if (identity.isEmpty()) {
            return new Filing(Filing.FILED, null, patientId, authority, null, site, null);
        }
        String current = identity.get().retired() ? successor(identity.get().euid(), authority, patientId) : patientId;
        return new Filing(Filing.FILED, null, current, authority, identity.get().euid(), site, null);
    }

    private boolean namesOrderPatient(ExpectedStudy order, String patientId, @Nullable String authority) {
        String issuer = authority != null ? authority : order.issuerOfPatientId();
        if (patientId.equals(order.patientId()) && issuer.equals(order.issuerOfPatientId())) {
            return true;
        }
        UUID orderIdentity = order.euid() != null
                ? order.euid()
                : identity(order.issuerOfPatientId(), order.patientId())
                        .map(NamedIdentity::euid)
                        .orElse(null);
        return orderIdentity != null
                && identity(issuer, patientId)
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

    Optional<NamedIdentity> identity(String authority, String value) {
        return jdbc.sql("""
                        select euid, retired from known_identifier
                         where assigning_authority = ? and identifier_value = ?
                        """)
                .param(authority)
                .param(value)
                .query(NamedIdentity.class)
                .optional();
    }

    /** The identity's identifier of the same authority that replaced a retired one (itself when there is none). */
    private String successor(UUID euid, String authority, String retired) {
        return jdbc.sql("""
                        select identifier_value from known_identifier
                         where euid = ? and assigning_authority = ? and not retired
                         order by identifier_value limit 1
                        """)
                .param(euid)
                .param(authority)
                .query(String.class)
                .optional()
                .orElse(retired);
    }
}
