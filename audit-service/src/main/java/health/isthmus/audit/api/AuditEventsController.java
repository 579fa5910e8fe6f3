package health.isthmus.audit.api;

import health.isthmus.audit.chain.ChainVerification;
import health.isthmus.audit.chain.ChainVerifier;
import health.isthmus.audit.trail.AuditTrail;
import health.isthmus.audit.trail.TrailQuery;
import health.isthmus.audit.trail.TrailReadAudit;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.platform.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The auditors' view of the trail: {@code GET /api/audit/events} searches it, {@code GET /api/audit/verify} checks
 * its chain. Every call is itself audited, including the ones refused for bad input.
 */
@RestController
@RequestMapping("/api/audit")
public class AuditEventsController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final AuditTrail trail;
    private final ChainVerifier verifier;
    private final TrailReadAudit audit;

    public AuditEventsController(AuditTrail trail, ChainVerifier verifier, TrailReadAudit audit) {
        this.trail = trail;
        this.verifier = verifier;
        this.audit = audit;
    }

    /**
     * Searches the trail, newest first.
     *
     * @param patient a patient identifier {@code AUTH|VALUE}, its bare value, or an EUID
     * @param user a participant's user id
     * @param action C, R, U, D or E
     * @param event the DCM event id, for example {@code 110112}
     * @param correlation the {@code X-Correlation-Id} of the request a record was made for
     * @param from an instant ({@code 2026-11-27T08:00:00Z}) or a day ({@code 2026-11-27}, from its start, UTC)
     * @param to an instant or a day (to its end, UTC)
     * @param limit page size, 1 to 1000 (default 100)
     * @param offset matching records to skip (default 0)
     */
    @GetMapping("/events")
    AuditEventView.Page events(
            @RequestParam(required = false) @Nullable String patient,
            @RequestParam(required = false) @Nullable String user,
            @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String event,
            @RequestParam(required = false) @Nullable String correlation,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable Long offset,
            HttpServletRequest request) {
        TrailQuery query;
        try {
            query = query(patient, user, action, event, correlation, from, to, limit, offset);
        } catch (BadRequestException refused) {
            audit.read(
                    "search audit trail (refused: bad input)",
                    request.getQueryString(),
                    patient,
                    AuditOutcome.MINOR_FAILURE,
                    request);
            throw refused;
        }
        var found = trail.search(query, query.limit() + 1);
        boolean more = found.size() > query.limit();
        var page = new AuditEventView.Page(
                found.stream().limit(query.limit()).map(AuditEventView::of).toList(),
                query.limit(),
                query.offset(),
                more ? query.offset() + query.limit() : null);
        audit.read("search audit trail", request.getQueryString(), query.patient(), AuditOutcome.SUCCESS, request);
        return page;
    }

    /** Walks the whole chain and names the first record found changed, missing or out of place. */
    @GetMapping("/verify")
    ChainVerification verify(HttpServletRequest request) {
        ChainVerification result = verifier.verify();
        audit.read("verify audit chain", null, null, AuditOutcome.SUCCESS, request);
        return result;
    }

    static TrailQuery query(
            @Nullable String patient,
            @Nullable String user,
            @Nullable String action,
            @Nullable String event,
            @Nullable String correlation,
            @Nullable String from,
            @Nullable String to,
            @Nullable Integer limit,
            @Nullable Long offset) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        long skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw new BadRequestException("offset must not be negative");
        }
        Instant start = instant("from", from, false);
        Instant end = instant("to", to, true);
        if (start != null && end != null && start.isAfter(end)) {
            throw new BadRequestException("from must not be after to");
        }
        return new TrailQuery(
                blankToNull(patient),
                blankToNull(user),
                action(action),
                blankToNull(event),
                blankToNull(correlation),
                start,
                end,
                size,
                skip);
    }

    private static @Nullable AuditAction action(@Nullable String action) {
        if (action == null || action.isBlank()) {
            return null;
        }
        try {
            return AuditAction.valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("action must be one of C, R, U, D, E");
        }
    }

    private static @Nullable Instant instant(String name, @Nullable String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return endOfDay
                        ? day.plusDays(1)
                                .atStartOfDay()
                                .toInstant(ZoneOffset.UTC)
                                .minusNanos(1)
                        : day.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(
                    name + " must be an instant such as 2026-11-27T08:00:00Z or a day such as 2026-11-27");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
