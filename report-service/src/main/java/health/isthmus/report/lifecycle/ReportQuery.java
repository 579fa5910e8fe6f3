package health.isthmus.report.lifecycle;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.platform.security.SiteScope;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Criteria of a report search; absent criteria do not filter.
 *
 * @param patient a Patient ID with its issuer
 * @param euid the patient's enterprise identity
 * @param from reports last changed (or signed) at or after
 * @param to reports last changed before
 * @param sites the sites whose reports may match (a report of no site: only for a global scope)
 */
public record ReportQuery(
        @Nullable PatientIdentifier patient,
        @Nullable UUID euid,
        @Nullable String accessionNumber,
        @Nullable String studyInstanceUid,
        @Nullable String site,
        Set<String> statuses,
        @Nullable Instant from,
        @Nullable Instant to,
        SiteScope sites,
        int limit) {}
