package health.isthmus.worklist.scheduling;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.worklist.scheduling.domain.StepStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which steps to list; every criterion given must hold.
 *
 * @param patient any identifier of the patient's identity (the step's Patient ID or one of its other identifiers)
 * @param accessionNumber exact accession number
 * @param modality exact modality
 * @param stationAeTitle exact scheduled station AE title
 * @param statuses one of these statuses (any when empty)
 * @param onHold on hold or not (either when null)
 * @param fromDate scheduled start date (the site's local date) on or after
 * @param toDate scheduled start date on or before
 * @param startFrom scheduled start at or after
 * @param startTo scheduled start at or before
 * @param createdFrom recorded at or after
 * @param createdTo recorded at or before
 * @param sites at one of these sites (any when null): the sites of a caller limited to sites
 * @param limit most steps returned
 */
public record StepQuery(
        @Nullable PatientIdentifier patient,
        @Nullable String accessionNumber,
        @Nullable String modality,
        @Nullable String stationAeTitle,
        Set<StepStatus> statuses,
        @Nullable Boolean onHold,
        @Nullable LocalDate fromDate,
        @Nullable LocalDate toDate,
        @Nullable Instant startFrom,
        @Nullable Instant startTo,
        @Nullable Instant createdFrom,
        @Nullable Instant createdTo,
        @Nullable Set<String> sites,
        int limit) {

    public StepQuery {
        statuses = Set.copyOf(statuses);
        sites = sites == null ? null : Set.copyOf(sites);
    }
}
