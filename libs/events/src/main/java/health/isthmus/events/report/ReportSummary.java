package health.isthmus.events.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.common.PatientIdentifier;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A report as report-service holds it after the change an event reports. The text is not carried: consumers that
 * need it read the FHIR DiagnosticReport.
 *
 * @param reportId report-service's id of the report
 * @param version the report's version after the change (every change of text or status is a new version)
 * @param site the site of the order the report answers, once known
 * @param accessionNumber the order's accession number
 * @param studyInstanceUid the study reported on, once known
 * @param patient the patient's identifier at the site, once known
 * @param euid the patient's enterprise identity, once known
 * @param status draft, preliminary, final, amended, corrected or cancelled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportSummary(
        long reportId,
        int version,
        @Nullable String site,
        String accessionNumber,
        @Nullable String studyInstanceUid,
        @Nullable PatientIdentifier patient,
        @Nullable UUID euid,
        String status) {

    /** The partition key of this report's events: {@code <site>|<accession number>}. */
    public String key() {
        return (site == null ? "" : site) + "|" + accessionNumber;
    }
}
