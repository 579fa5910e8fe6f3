package health.isthmus.report.api;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.platform.web.BadRequestException;
import health.isthmus.report.audit.ReportAudit;
import health.isthmus.report.delivery.Delivery;
import health.isthmus.report.delivery.DeliveryQueue;
import health.isthmus.report.lifecycle.OtherSiteException;
import health.isthmus.report.lifecycle.ReportConflictException;
import health.isthmus.report.lifecycle.ReportLifecycle;
import health.isthmus.report.lifecycle.ReportQuery;
import health.isthmus.report.lifecycle.ReportVersion;
import health.isthmus.report.lifecycle.Reports;
import health.isthmus.report.lifecycle.UnknownReportException;
import health.isthmus.report.lifecycle.domain.Report;
import health.isthmus.report.lifecycle.domain.ReportStateException;
import health.isthmus.report.lifecycle.domain.ReportStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports for people and systems: create a draft for an accession number, edit it, mark it preliminary, sign it
 * final (which sends its ORU to the HIS), amend or cancel it, read it with its delivery state and versions, list
 * reports by patient, study or accession number. Every call is audited with the user of the token. A site-limited
 * user sees and changes the reports of its sites only: another site's report answers 404 as if absent, and an
 * accession number known only at another site is an unknown order to it.
 */
@RestController
@RequestMapping("/api/reports")
public class ReportController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    private final ReportLifecycle lifecycle;
    private final Reports reports;
    private final DeliveryQueue deliveries;
    private final ReportAudit audit;
    private final TransactionTemplate transactions;

    public ReportController(
            ReportLifecycle lifecycle,
            Reports reports,
            DeliveryQueue deliveries,
            ReportAudit audit,
            TransactionTemplate transactions) {
        this.lifecycle = lifecycle;
        this.reports = reports;
        this.deliveries = deliveries;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * A new report.
     *
     * @param accessionNumber the order's accession number (required)
     * @param text the report's text (required; may be empty in a draft)
     * @param site the order's site, needed only when the accession number is known at several sites
     * @param studyInstanceUid the study, when the order is not known (yet)
     */
    record NewReport(
            @Nullable String accessionNumber,
            @Nullable String text,
            @Nullable String site,
            @Nullable String studyInstanceUid) {}

    /** New text for a draft, or the text of an amendment with its reason. */
    record ReportText(@Nullable String text, @Nullable String reason) {}

    /** Why a report is cancelled. */
    record Reason(@Nullable String reason) {}

    /** Creates a draft; 201 with the report. */
    @PostMapping
    ResponseEntity<ReportView> create(
            @RequestBody(required = false) @Nullable NewReport body, Principal user, HttpServletRequest request) {
        if (body == null) {
            throw new BadRequestException("a JSON body with accessionNumber and text is required");
        }
        String accession = required("accessionNumber", body.accessionNumber());
        if (body.text() == null) {
            throw new BadRequestException("text is required");
        }
        Report created = changeAudited(
                "create report",
                AuditAction.C,
                accession,
                () -> lifecycle.create(
                        accession,
                        blankToNull(body.site()),
                        blankToNull(body.studyInstanceUid()),
                        body.text(),
                        user.getName()),
                request);
        return ResponseEntity.created(URI.create("/api/reports/" + created.id()))
                .body(ReportView.of(created, List.of()));
    }

    @GetMapping("/{id}")
    ReportView get(@PathVariable long id, HttpServletRequest request) {
        Report report = find(id, "read report", request);
        auditRead("read report", List.of(report), null, request);
        return ReportView.of(report, deliveries.ofReport(id));
    }

    @GetMapping("/{id}/versions")
    List<ReportVersion> versions(@PathVariable long id, HttpServletRequest request) {
        Report report = find(id, "read report versions", request);
        List<ReportVersion> versions = reports.versions(id);
        auditRead("read report versions", List.of(report), null, request);
        return versions;
    }

    /** New text for a draft or preliminary report. */
    @PutMapping("/{id}")
    ReportView edit(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable ReportText body,
            Principal user,
            HttpServletRequest request) {
        if (body == null || body.text() == null) {
            throw new BadRequestException("a JSON body with the report's text is required");
        }
        return view(changeAudited(
                "edit report",
                AuditAction.U,
                "report " + id,
                () -> lifecycle.edit(id, body.text(), user.getName()),
                request));
    }

    @PostMapping("/{id}/preliminary")
    ReportView preliminary(@PathVariable long id, Principal user, HttpServletRequest request) {
        return view(changeAudited(
                "mark report preliminary",
                AuditAction.U,
                "report " + id,
                () -> lifecycle.preliminary(id, user.getName()),
                request));
    }

    /** Signs the report final and queues its ORU^R01 for the HIS. */
    @PostMapping("/{id}/finalize")
    ReportView finalize(@PathVariable long id, Principal user, HttpServletRequest request) {
        return view(changeAudited(
                "finalize report",
                AuditAction.U,
                "report " + id,
                () -> lifecycle.finalize(id, user.getName()),
                request));
    }

    /** Amends a signed report with new text (and a reason) and queues its ORU^R01 with result status C. */
    @PostMapping("/{id}/amend")
    ReportView amend(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable ReportText body,
            Principal user,
            HttpServletRequest request) {
        if (body == null || body.text() == null || body.text().isBlank()) {
            throw new BadRequestException("a JSON body with the amended text is required");
        }
        return view(changeAudited(
                "amend report",
                AuditAction.U,
                "report " + id,
                () -> lifecycle.amend(id, body.text(), blankToNull(body.reason()), user.getName()),
                request));
    }

    @PostMapping("/{id}/cancel")
    ReportView cancel(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable Reason body,
            Principal user,
            HttpServletRequest request) {
        String reason = body == null ? null : blankToNull(body.reason());
        return view(changeAudited(
                "cancel report",
                AuditAction.D,
                "report " + id,
                () -> lifecycle.cancel(id, reason, user.getName()),
                request));
    }

    /**
     * Reports, most recently changed first, filtered by patient ({@code AUTH|ID}), EUID, study (Study Instance UID),
     * accession number, site and status; at most {@code limit} (default 100, at most 500).
     */
    @GetMapping
    List<ReportView> list(
            @RequestParam(required = false) @Nullable String patient,
            @RequestParam(required = false) @Nullable String euid,
            @RequestParam(required = false) @Nullable String study,
            @RequestParam(required = false) @Nullable String accession,
            @RequestParam(required = false) @Nullable String site,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String limit,
            HttpServletRequest request) {
        ReportQuery query = new ReportQuery(
                patient == null ? null : identifier(patient),
                euid == null ? null : uuid(euid),
                blankToNull(accession),
                blankToNull(study),
                blankToNull(site),
                status == null ? Set.of() : Set.of(status(status)),
                null,
                null,
                SiteScope.current(),
                limit(limit));
        List<Report> found = reports.search(query);
        auditRead(
                "list reports",
                found,
                request.getQueryString() == null ? "(no filter)" : request.getQueryString(),
                request);
        Map<Long, Delivery> latest =
                deliveries.latestOf(found.stream().map(Report::id).collect(Collectors.toList()));
        return found.stream()
                .map(report -> ReportView.of(report, latest.get(report.id()), null))
                .toList();
    }

    private ReportView view(Report report) {
        return ReportView.of(report, deliveries.ofReport(report.id()));
    }

    /** The report; one of a site outside a site-limited user's is not found, as if absent. */
    private Report find(long id, String what, HttpServletRequest request) {
        SiteScope sites = SiteScope.current();
        return reports.findById(id)
                .filter(report -> sites.allows(report.site()))
                .orElseGet(() -> {
                    audit.userAccess(
                            AuditCodes.PROCEDURE_RECORD,
                            what + " (not found)",
                            AuditAction.R,
                            List.of(),
                            List.of(),
                            "report " + id,
                            AuditOutcome.MINOR_FAILURE,
                            request);
                    throw new UnknownReportException(id);
                });
    }

    // the change and its audit record commit together; a refused change is audited on its own
    private Report changeAudited(
            String what, AuditAction action, String subject, Supplier<Report> change, HttpServletRequest request) {
        try {
            return transactions.execute(status -> {
                Report report = change.get();
                audit.userAccess(
                        AuditCodes.PROCEDURE_RECORD,
                        what,
                        action,
                        report.patient() == null ? List.of() : List.of(report.patient()),
                        List.of(report.accessionNumber()),
                        null,
                        AuditOutcome.SUCCESS,
                        request);
                return report;
            });
        } catch (UnknownReportException | ReportStateException | ReportConflictException | OtherSiteException refused) {
            audit.userAccess(
                    AuditCodes.PROCEDURE_RECORD,
                    what + " (refused)",
                    action,
                    List.of(),
                    List.of(),
                    subject,
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw refused;
        }
    }

    private void auditRead(String what, List<Report> found, @Nullable String query, HttpServletRequest request) {
        audit.userAccess(
                query == null ? AuditCodes.PROCEDURE_RECORD : AuditCodes.QUERY,
                what,
                query == null ? AuditAction.R : AuditAction.E,
                found.stream()
                        .map(Report::patient)
                        .filter(p -> p != null)
                        .map(p -> (PatientIdentifier) p)
                        .toList(),
                found.stream().map(Report::accessionNumber).toList(),
                query,
                AuditOutcome.SUCCESS,
                request);
    }

    static PatientIdentifier identifier(String value) {
        int bar = value.indexOf('|');
        if (bar <= 0 || bar == value.length() - 1) {
            throw new BadRequestException("patient is an identifier with its assigning authority: AUTH|ID");
        }
        return new PatientIdentifier(value.substring(bar + 1), value.substring(0, bar), null);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("euid is a UUID");
        }
    }

    private static String status(String value) {
        return ReportStatus.of(value)
                .map(ReportStatus::code)
                .orElseThrow(() -> new BadRequestException(
                        "status is one of draft, preliminary, final, amended, corrected, cancelled"));
    }

    static int limit(@Nullable String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("limit is a number from 1 to " + MAX_LIMIT);
    }

    private static String required(String name, @Nullable String value) {
        String present = blankToNull(value);
        if (present == null) {
            throw new BadRequestException(name + " is required");
        }
        return present;
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
