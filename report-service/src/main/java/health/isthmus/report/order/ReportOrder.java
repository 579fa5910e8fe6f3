package health.isthmus.report.order;

import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientIdentifier;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An order as report-service knows it: what the HIS sent (hl7.order.v1) and what the worklist made of it
 * (worklist.procedure.v1).
 *
 * @param stepId the worklist's step id (its FHIR ServiceRequest id), once the worklist scheduled it
 * @param patient the patient's identifier at the site (the order's PID-3, or the worklist's Patient ID)
 */
public record ReportOrder(
        String site,
        String accessionNumber,
        @Nullable String placerOrderNumber,
        @Nullable String fillerOrderNumber,
        @Nullable Long stepId,
        @Nullable String studyInstanceUid,
        PatientIdentifier patient,
        @Nullable UUID euid,
        @Nullable String familyName,
        List<String> givenNames,
        @Nullable LocalDate birthDate,
        @Nullable String sex,
        @Nullable CodedValue procedure,
        @Nullable String orderStatus) {

    /** Whether the patient named by these identifiers is this order's patient (same identifier at the same authority). */
    public boolean isPatient(List<PatientIdentifier> identifiers) {
        return identifiers.stream()
                .anyMatch(id -> id.value().equals(patient.value())
                        && id.assigningAuthority().equals(patient.assigningAuthority()));
    }
}
