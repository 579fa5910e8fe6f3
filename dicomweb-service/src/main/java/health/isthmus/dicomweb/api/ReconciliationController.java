package health.isthmus.dicomweb.api;

import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.index.UnknownStudyException;
import health.isthmus.dicomweb.reconciliation.HeldStudies;
import health.isthmus.dicomweb.reconciliation.HeldStudy;
import health.isthmus.dicomweb.reconciliation.ReconciliationConflictException;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.platform.web.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Studies held for reconciliation (their images' Patient ID contradicts their order) and an admin's decision on each.
 * Every call is audited with the token's user.
 */
@RestController
@RequestMapping("/api/studies/reconciliation")
public class ReconciliationController {

    private final HeldStudies held;
    private final ArchiveAudit audit;
    private final TransactionTemplate transactions;

    public ReconciliationController(HeldStudies held, ArchiveAudit audit, TransactionTemplate transactions) {
        this.held = held;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Held studies, oldest first (at most 500): the images' patient, the order's patient and why. */
    @GetMapping
    List<HeldStudy> list(HttpServletRequest request) {
        return transactions.execute(tx -> {
            List<HeldStudy> found = held.list();
            List<AuditObject> objects = new ArrayList<>();
            for (HeldStudy study : found) {
                if (study.imagesPatient() != null) {
                    objects.add(new AuditObject(
                            AuditObject.Type.PATIENT, study.imagesPatient().qualified(), "MR", null));
                }
                objects.add(
                        new AuditObject(AuditObject.Type.STUDY, study.studyInstanceUid(), "StudyInstanceUID", null));
            }
            audit.httpRead(
                    AuditCodes.QUERY, "list held studies", AuditAction.E, AuditOutcome.SUCCESS, null, objects, request);
            return found;
        });
    }

    /**
     * Files a held study: {@code file-under-order} (the images carried a wrong Patient ID) or {@code file-as-sent}
     * (they were matched to the wrong order); 404 for an unknown study, 409 for one not held or whose order is gone.
     */
    @PostMapping("/{studyUid}/resolve")
    ArchivedStudy resolve(
            @PathVariable String studyUid,
            @RequestBody(required = false) @Nullable ResolveRequest body,
            Principal user,
            HttpServletRequest request) {
        AdminRequests.uid("studyUid", studyUid);
        if (body == null) {
            throw new BadRequestException("a body with 'action' and 'reason' is required");
        }
        String action = body.action();
        if (!HeldStudies.FILE_UNDER_ORDER.equals(action) && !HeldStudies.FILE_AS_SENT.equals(action)) {
            throw new BadRequestException("'action' must be file-under-order or file-as-sent");
        }
        String reason = AdminRequests.reason(body.reason());
        String what = "reconcile held study: " + action;
        try {
            return transactions.execute(tx -> {
                ArchivedStudy study = held.resolve(studyUid, action, user.getName());
                List<AuditObject> objects = new ArrayList<>(ArchiveAudit.studyObjects(study));
                objects.add(new AuditObject(AuditObject.Type.MESSAGE, reason, "reason", null));
                audit.httpAccess(
                        AuditCodes.INSTANCES_ACCESSED,
                        what,
                        AuditAction.U,
                        AuditOutcome.SUCCESS,
                        null,
                        objects,
                        request);
                return study;
            });
        } catch (UnknownStudyException | ReconciliationConflictException refused) {
            transactions.executeWithoutResult(tx -> audit.httpAccess(
                    AuditCodes.INSTANCES_ACCESSED,
                    what + " (refused)",
                    AuditAction.U,
                    AuditOutcome.MINOR_FAILURE,
                    refused.getMessage(),
                    List.of(new AuditObject(AuditObject.Type.STUDY, studyUid, "StudyInstanceUID", null)),
                    request));
            throw refused;
        }
    }

    /**
     * An admin's decision on a held study.
     *
     * @param action {@code file-under-order} or {@code file-as-sent}
     * @param reason why, for the audit trail
     */
    record ResolveRequest(@Nullable String action, @Nullable String reason) {}
}
