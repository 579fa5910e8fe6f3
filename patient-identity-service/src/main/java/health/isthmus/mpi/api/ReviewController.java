package health.isthmus.mpi.api;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.mpi.audit.PatientAudit;
import health.isthmus.mpi.registry.IdentityAdministration;
import health.isthmus.mpi.registry.PatientRecords;
import health.isthmus.mpi.registry.ReviewTasks;
import health.isthmus.mpi.registry.ReviewTasks.ReviewTask;
import health.isthmus.mpi.registry.UnknownEntryException;
import health.isthmus.platform.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The review queue: possible duplicates that matching scored between the two thresholds, each shown with both
 * records and the score field by field, for an admin to link or reject. Who decided is the token's subject.
 */
@RestController
@RequestMapping("/api/patients/reviews")
public class ReviewController {

    static final int MAX_LIMIT = 500;
    private static final Set<String> STATUSES = Set.of("open", "linked", "rejected", "withdrawn");

    private final ReviewTasks reviews;
    private final PatientRecords records;
    private final IdentityAdministration administration;
    private final PatientAudit audit;

    public ReviewController(
            ReviewTasks reviews, PatientRecords records, IdentityAdministration administration, PatientAudit audit) {
        this.reviews = reviews;
        this.records = records;
        this.administration = administration;
        this.audit = audit;
    }

    @GetMapping
    List<ReviewView> list(
            @RequestParam(defaultValue = "open") String status,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") int limit,
            HttpServletRequest request) {
        if (!STATUSES.contains(status)) {
            throw new BadRequestException("status must be one of open, linked, rejected, withdrawn");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        List<ReviewView> views =
                reviews.list(status, after, limit).stream().map(this::view).toList();
        auditRead("list review tasks", views, "status=" + status + "&after=" + after + "&limit=" + limit, request);
        return views;
    }

    @GetMapping("/{id}")
    ReviewView one(@PathVariable long id, HttpServletRequest request) {
        ReviewView view = view(reviews.find(id).orElseThrow(() -> new UnknownEntryException("review task " + id)));
        auditRead("view review task", List.of(view), null, request);
        return view;
    }

    @PostMapping("/{id}/accept")
    ReviewView accept(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable Decision decision,
            Principal user,
            HttpServletRequest request) {
        return view(administration.acceptReview(id, user.getName(), comment(decision), request));
    }

    @PostMapping("/{id}/reject")
    ReviewView reject(
            @PathVariable long id,
            @RequestBody(required = false) @Nullable Decision decision,
            Principal user,
            HttpServletRequest request) {
        return view(administration.rejectReview(id, user.getName(), comment(decision), request));
    }

    private ReviewView view(ReviewTask task) {
        return new ReviewView(
                task.id(),
                task.status(),
                task.score(),
                RecordView.of(records.findById(task.recordId()).orElseThrow()),
                RecordView.of(records.findById(task.candidateRecordId()).orElseThrow()),
                task.explanation(),
                task.openedAt(),
                task.decidedBy(),
                task.decidedAt(),
                task.comment());
    }

    private void auditRead(String what, List<ReviewView> views, @Nullable String query, HttpServletRequest request) {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        List<UUID> euids = new ArrayList<>();
        for (ReviewView view : views) {
            identifiers.add(view.record().identifiers().getFirst());
            identifiers.add(view.candidate().identifiers().getFirst());
            euids.add(view.record().euid());
            euids.add(view.candidate().euid());
        }
        audit.userAccess(
                query == null ? AuditCodes.PATIENT_RECORD : AuditCodes.QUERY,
                what,
                query == null ? AuditAction.R : AuditAction.E,
                identifiers,
                euids,
                query,
                AuditOutcome.SUCCESS,
                request);
    }

    private static @Nullable String comment(@Nullable Decision decision) {
        if (decision == null || decision.comment() == null) {
            return null;
        }
        if (decision.comment().length() > 2000) {
            throw new BadRequestException("comment must not exceed 2000 characters");
        }
        return decision.comment();
    }

    /**
     * A reviewer's decision.
     *
     * @param comment why, optional
     */
    record Decision(@Nullable String comment) {}

    /**
     * A review task with both records.
     *
     * @param id the task's id
     * @param status open, linked, rejected or withdrawn
     * @param score the matching score
     * @param record the record in question
     * @param candidate the record of the identity it may belong to
     * @param explanation the score field by field
     * @param openedAt when matching opened it
     * @param decidedBy who decided
     * @param decidedAt when
     * @param comment the reviewer's comment
     */
    record ReviewView(
            long id,
            String status,
            double score,
            RecordView record,
            RecordView candidate,
            tools.jackson.databind.JsonNode explanation,
            java.time.Instant openedAt,
            @Nullable String decidedBy,
            java.time.@Nullable Instant decidedAt,
            @Nullable String comment) {}
}
