package health.isthmus.dicomweb.reconciliation;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where a new study is filed.
 *
 * @param state FILED (served as matched) or HELD (its Patient ID contradicts its order; not served until reconciled)
 * @param heldReason why it is held; never patient data
 * @param patientId the Patient ID it is filed under (the order's patient when it has an order)
 * @param issuerOfPatientId that identifier's assigning authority, when known
 * @param euid the patient's enterprise identity, when the MPI has named one
 * @param site the site: the order's, else the sending modality's configured site, else the site of the patient's
 *     assigning authority ({@code isthmus.dicomweb.filing.issuer-sites}); null when none is known
 * @param orderKey the worklist step it belongs to ({@code <site>|<accession number>})
 */
public record Filing(
        String state,
        @Nullable String heldReason,
        @Nullable String patientId,
        @Nullable String issuerOfPatientId,
        @Nullable UUID euid,
        @Nullable String site,
        @Nullable String orderKey) {

    public static final String FILED = "FILED";
    public static final String HELD = "HELD";
}
