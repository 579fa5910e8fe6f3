package health.isthmus.report.api;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.report.audit.ReportAudit;
import health.isthmus.report.external.Refusals;
import health.isthmus.report.study.StoredStudies;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reading worklist (stored studies without a signed report) and, for admins, the refused external reports. */
@RestController
@RequestMapping("/api/reports")
public class ReadingController {

    private final StoredStudies studies;
    private final Refusals refusals;
    private final ReportAudit audit;

    public ReadingController(StoredStudies studies, Refusals refusals, ReportAudit audit) {
        this.studies = studies;
        this.refusals = refusals;
        this.audit = audit;
    }

    /**
     * Studies the archive holds (filed) that have no final, amended or corrected report, oldest first; {@code
     * stable=true} keeps only those the archive found complete; {@code site} keeps one site's; a site-limited user
     * sees its sites' only.
     */
    @GetMapping("/worklist")
    List<StoredStudies.UnreadStudy> worklist(
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false, defaultValue = "false") boolean stable,
            @RequestParam(required = false) @Nullable String limit,
            HttpServletRequest request) {
        List<StoredStudies.UnreadStudy> found = studies.unread(
                stable, ReportController.blankToNull(site), SiteScope.current(), ReportController.limit(limit));
        audit.userAccess(
                AuditCodes.QUERY,
                "list reading worklist",
                AuditAction.E,
                found.stream()
                        .map(StoredStudies.UnreadStudy::patient)
                        .filter(Objects::nonNull)
                        .map(p -> (PatientIdentifier) p)
                        .toList(),
                found.stream()
                        .map(StoredStudies.UnreadStudy::accessionNumber)
                        .filter(Objects::nonNull)
                        .map(a -> (String) a)
                        .toList(),
                request.getQueryString() == null ? "(no filter)" : request.getQueryString(),
                AuditOutcome.SUCCESS,
                request);
        return found;
    }

    /** External reports refused because their patient contradicts their order (RELIABILITY T12), newest first. */
    @GetMapping("/refusals")
    List<Refusals.Refusal> refusals(
            @RequestParam(required = false) @Nullable String limit, HttpServletRequest request) {
        List<Refusals.Refusal> found = refusals.list(ReportController.limit(limit));
        audit.userAccess(
                AuditCodes.QUERY,
                "list refused external reports",
                AuditAction.E,
                List.of(),
                found.stream().map(Refusals.Refusal::accessionNumber).toList(),
                request.getQueryString() == null ? "(no filter)" : request.getQueryString(),
                AuditOutcome.SUCCESS,
                request);
        return found;
    }
}
