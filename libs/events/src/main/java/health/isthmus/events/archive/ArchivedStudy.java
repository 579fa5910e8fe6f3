package health.isthmus.events.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.common.PatientIdentifier;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A study as the archive files it after the change an event reports.
 *
 * @param studyInstanceUid the Study Instance UID (0020,000D)
 * @param accessionNumber the accession number (0008,0050), if the images carry one
 * @param site the site the study is filed under: its order's site, or the sending modality's configured site
 * @param patient the patient the study is filed under (current Patient ID and its issuer, after any merge)
 * @param euid the patient's enterprise identity, once known
 * @param filing FILED (served as matched) or HELD (waiting for an admin to reconcile it with its order)
 * @param modalities the modalities in the study (0008,0061)
 * @param numberOfSeries the number of series stored
 * @param numberOfInstances the number of instances stored
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchivedStudy(
        String studyInstanceUid,
        @Nullable String accessionNumber,
        @Nullable String site,
        @Nullable PatientIdentifier patient,
        @Nullable UUID euid,
        String filing,
        List<String> modalities,
        int numberOfSeries,
        int numberOfInstances) {

    /** The partition key of this study's events. */
    public String key() {
        return studyInstanceUid;
    }
}
