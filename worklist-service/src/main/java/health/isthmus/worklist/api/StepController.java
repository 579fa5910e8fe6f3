package health.isthmus.worklist.api;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.platform.security.SiteScope;
import health.isthmus.platform.web.BadRequestException;
import health.isthmus.worklist.arrival.StudyArrival;
import health.isthmus.worklist.arrival.StudyArrivals;
import health.isthmus.worklist.audit.WorklistAudit;
import health.isthmus.worklist.scheduling.HistoryEntry;
import health.isthmus.worklist.scheduling.NewEntry;
import health.isthmus.worklist.scheduling.ProcedureSteps;
import health.isthmus.worklist.scheduling.StepConflictException;
import health.isthmus.worklist.scheduling.StepQuery;
import health.isthmus.worklist.scheduling.UnknownStepException;
import health.isthmus.worklist.scheduling.WorklistEntries;
import health.isthmus.worklist.scheduling.domain.Priorities;
import health.isthmus.worklist.scheduling.domain.Step;
import health.isthmus.worklist.scheduling.domain.StepStatus;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The worklist for people and systems: list and filter steps, see one with its history, create an entry without an
 * order, cancel a step. Every call is audited with the user of the token.
 */
@RestController
@RequestMapping("/api/worklist/steps")
public class StepController {

    /** Steps listed when the client names no limit. */
    static final int DEFAULT_LIMIT = 100;

    /** Most steps one list returns. */
    static final int MAX_LIMIT = 500;

    private static final Pattern CODE_STRING = Pattern.compile("[A-Z0-9_ ]{1,16}");
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final Set<String> SEXES = Set.of("F", "M", "O", "U", "A", "N");

    private final ProcedureSteps steps;
    private final WorklistEntries entries;
    private final WorklistAudit audit;
    private final TransactionTemplate transactions;
    private final StudyArrivals arrivals;

    public StepController(
            ProcedureSteps steps,
            WorklistEntries entries,
            WorklistAudit audit,
            TransactionTemplate transactions,
            StudyArrivals arrivals) {
        this.steps = steps;
        this.entries = entries;
        this.audit = audit;
        this.transactions = transactions;
        this.arrivals = arrivals;
    }

    /**
     * Steps by scheduled start, filtered by patient ({@code AUTH|ID}, any identifier of the patient's identity),
     * accession number, modality, scheduled station AE title, status, scheduled start date range (the site's local
     * dates, {@code YYYY-MM-DD}, inclusive); at most {@code limit} (default 100, at most 500). A caller limited to
     * sites lists only the steps of its sites.
     */
    @GetMapping
    List<StepView> list(
            @RequestParam(required = false) @Nullable String patient,
            @RequestParam(required = false) @Nullable String accession,
            @RequestParam(required = false) @Nullable String modality,
            @RequestParam(required = false) @Nullable String station,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String limit,
            HttpServletRequest request) {
        LocalDate fromDate = date("from", from);
        LocalDate toDate = date("to", to);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            throw new BadRequestException("'to' is before 'from'");
        }
        SiteScope scope = SiteScope.current();
        StepQuery query = new StepQuery(
                patient == null ? null : identifier(patient),
                blankToNull(accession),
                blankToNull(modality),
                blankToNull(station),
                status == null ? Set.of() : Set.of(status(status)),
                null,
                fromDate,
                toDate,
                null,
                null,
                null,
                null,
                scope.isGlobal() ? null : scope.sites(),
                limit(limit));
        List<Step> found = steps.search(query);
        auditRead(
                "list worklist steps",
                found,
                request.getQueryString() == null ? "(no filter)" : request.getQueryString(),
                request);
        Map<String, StudyArrival> images = arrivals.of(found.stream()
                .map(step -> step.procedure().studyInstanceUid())
                .distinct()
                .toList());
        return found.stream()
                .map(step -> StepView.of(step, images.get(step.procedure().studyInstanceUid())))
                .toList();
    }

    @GetMapping("/{id}")
    StepView get(@PathVariable long id, HttpServletRequest request) {
        Step step = find(id, "view worklist step", request);
        auditRead("view worklist step", List.of(step), null, request);
        return StepView.of(
                step, arrivals.of(step.procedure().studyInstanceUid()).orElse(null));
    }

    @GetMapping("/{id}/history")
    List<HistoryEntry> history(@PathVariable long id, HttpServletRequest request) {
        Step step = find(id, "view worklist step history", request);
        List<HistoryEntry> history = steps.history(id);
        auditRead("view worklist step history", List.of(step), null, request);
        return history;
    }

    /**
     * Creates a scheduled entry without an order from the HIS; 201 with the step, 409 when it exists already, 403
     * when the caller is limited to other sites.
     */
    @PostMapping
    ResponseEntity<StepView> create(@RequestBody NewEntryRequest body, Principal user, HttpServletRequest request) {
        NewEntry entry = validated(body);
        SiteScope scope = SiteScope.current();
        Step created = changeAudited(
                "create worklist entry",
                AuditAction.C,
                () -> {
                    if (!scope.allows(entry.site())) {
                        throw new OutsideSiteScopeException(entry.site());
                    }
                    return entries.create(entry, user.getName());
                },
                request);
        return ResponseEntity.created(URI.create("/api/worklist/steps/" + created.id()))
                .body(StepView.of(created));
    }

    /** Cancels a step; 404 for a step the caller does not hold or, limited to sites, may not see. */
    @PostMapping("/{id}/cancel")
    StepView cancel(@PathVariable long id, Principal user, HttpServletRequest request) {
        SiteScope scope = SiteScope.current();
        Step cancelled = changeAudited(
                "cancel worklist step",
                AuditAction.D,
                () -> {
                    visible(id, scope).orElseThrow(() -> new UnknownStepException(id));
                    return entries.cancel(id, user.getName());
                },
                request);
        return StepView.of(cancelled);
    }

    /**
     * A worklist entry to create.
     *
     * @param site the site it is performed at (required)
     * @param patientId Patient ID at that site (required)
     * @param issuerOfPatientId its assigning authority (required)
     * @param patientName the patient's name
     * @param patientBirthDate {@code YYYY-MM-DD}
     * @param patientSex F, M, O, U, A or N
     * @param accessionNumber assigned ({@code WL<n>}) when absent
     * @param requestedProcedureId the accession number when absent
     * @param scheduledProcedureStepId the accession number when absent
     * @param procedureCode the requested procedure's code
     * @param description the requested procedure's description (the code's text when absent)
     * @param modality the modality, for example {@code CT} (required)
     * @param scheduledStationAeTitle the station's AE title, at most 16 characters
     * @param scheduledStationName the station's name
     * @param scheduledStart the site's local date and time ({@code 2026-12-03T14:30}), or an instant with an offset
     * @param priority HL7 priority: S, A, R, P, C, T or PRN
     * @param reason the reason for the procedure
     * @param requestingPhysician who asked for it
     * @param studyInstanceUid generated when absent
     */
    record NewEntryRequest(
            @Nullable String site,
            @Nullable String patientId,
            @Nullable String issuerOfPatientId,
            @Nullable PersonName patientName,
            @Nullable String patientBirthDate,
            @Nullable String patientSex,
            @Nullable String accessionNumber,
            @Nullable String requestedProcedureId,
            @Nullable String scheduledProcedureStepId,
            @Nullable CodedValue procedureCode,
            @Nullable String description,
            @Nullable String modality,
            @Nullable String scheduledStationAeTitle,
            @Nullable String scheduledStationName,
            @Nullable String scheduledStart,
            @Nullable String priority,
            @Nullable String reason,
            @Nullable PersonName requestingPhysician,
            @Nullable String studyInstanceUid) {}

    private NewEntry validated(@Nullable NewEntryRequest body) {
        if (body == null) {
            throw new BadRequestException("a JSON body describing the entry is required");
        }
        String site = required("site", body.site());
        String modality = required("modality", body.modality()).toUpperCase(Locale.ROOT);
        if (!CODE_STRING.matcher(modality).matches()) {
            throw new BadRequestException("modality is a DICOM code string of at most 16 characters, for example CT");
        }
        String station = blankToNull(body.scheduledStationAeTitle());
        if (station != null && (station.length() > 16 || station.contains("\\"))) {
            throw new BadRequestException("scheduledStationAeTitle is an AE title of at most 16 characters");
        }
        String sex = blankToNull(body.patientSex());
        if (sex != null && !SEXES.contains(sex.toUpperCase(Locale.ROOT))) {
            throw new BadRequestException("patientSex is one of F, M, O, U, A, N");
        }
        String priority = blankToNull(body.priority());
        if (priority != null && !Priorities.HL7.contains(priority.toUpperCase(Locale.ROOT))) {
            throw new BadRequestException("priority is an HL7 priority: S, A, R, P, C, T or PRN");
        }
        String uid = blankToNull(body.studyInstanceUid());
        if (uid != null && (uid.length() > 64 || !UID.matcher(uid).matches())) {
            throw new BadRequestException("studyInstanceUid is a DICOM UID (digits and dots, at most 64 characters)");
        }
        if (body.procedureCode() != null && blankToNull(body.procedureCode().code()) == null) {
            throw new BadRequestException("procedureCode needs a code");
        }
        return new NewEntry(
                site,
                required("patientId", body.patientId()),
                required("issuerOfPatientId", body.issuerOfPatientId()),
                body.patientName(),
                date("patientBirthDate", body.patientBirthDate()),
                sex == null ? null : sex.toUpperCase(Locale.ROOT),
                blankToNull(body.accessionNumber()),
                blankToNull(body.requestedProcedureId()),
                blankToNull(body.scheduledProcedureStepId()),
                body.procedureCode(),
                blankToNull(body.description()),
                modality,
                station,
                blankToNull(body.scheduledStationName()),
                instant(body.scheduledStart(), entries.zoneOf(site)),
                priority,
                blankToNull(body.reason()),
                body.requestingPhysician(),
                uid);
    }

    // a step of another site is absent to a caller limited to sites, so that its existence does not show
    private Optional<Step> visible(long id, SiteScope scope) {
        return steps.findById(id).filter(step -> scope.allows(step.site()));
    }

    private Step find(long id, String what, HttpServletRequest request) {
        return visible(id, SiteScope.current()).orElseGet(() -> {
            audit.userAccess(
                    AuditCodes.ORDER_RECORD,
                    what + " (not found)",
                    AuditAction.R,
                    List.of(),
                    List.of(),
                    "step " + id,
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw new UnknownStepException(id);
        });
    }

    // the change and its audit record commit together; a refused change is audited on its own
    private Step changeAudited(String what, AuditAction action, Supplier<Step> change, HttpServletRequest request) {
        try {
            return transactions.execute(status -> {
                Step step = change.get();
                audit.userAccess(
                        AuditCodes.ORDER_RECORD,
                        what,
                        action,
                        List.of(step.patient().identifier()),
                        List.of(step.accessionNumber()),
                        null,
                        AuditOutcome.SUCCESS,
                        request);
                return step;
            });
        } catch (UnknownStepException | StepConflictException | OutsideSiteScopeException refused) {
            audit.userAccess(
                    AuditCodes.ORDER_RECORD,
                    what + " (refused)",
                    action,
                    List.of(),
                    List.of(),
                    request.getRequestURI(),
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw refused;
        }
    }

    private void auditRead(String what, List<Step> found, @Nullable String query, HttpServletRequest request) {
        audit.userAccess(
                query == null ? AuditCodes.ORDER_RECORD : AuditCodes.QUERY,
                what,
                query == null ? AuditAction.R : AuditAction.E,
                found.stream().map(step -> step.patient().identifier()).toList(),
                found.stream().map(Step::accessionNumber).toList(),
                query,
                AuditOutcome.SUCCESS,
                request);
    }

    private static PatientIdentifier identifier(String value) {
        int bar = value.indexOf('|');
        if (bar <= 0 || bar == value.length() - 1) {
            throw new BadRequestException("patient is an identifier with its assigning authority: AUTH|ID");
        }
        return new PatientIdentifier(value.substring(bar + 1), value.substring(0, bar), null);
    }

    private static StepStatus status(String value) {
        try {
            return StepStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(
                    "status is one of SCHEDULED, IN_PROGRESS, COMPLETED, DISCONTINUED, CANCELLED");
        }
    }

    private static int limit(@Nullable String value) {
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

    private static @Nullable LocalDate date(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeException e) {
            throw new BadRequestException(name + " is a date: YYYY-MM-DD");
        }
    }

    private static @Nullable Instant instant(@Nullable String value, ZoneId zone) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(value.trim()).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                throw new BadRequestException(
                        "scheduledStart is the site's local date and time (2026-12-03T14:30) or an instant with an offset");
            }
        }
    }

    private static String required(String name, @Nullable String value) {
        String present = blankToNull(value);
        if (present == null) {
            throw new BadRequestException(name + " is required");
        }
        return present;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
