package health.isthmus.dicomweb.api;

import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.index.UnknownStudyException;
import health.isthmus.dicomweb.lifecycle.StudyDeletion;
import health.isthmus.dicomweb.lifecycle.StudyDeletion.Deleted;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deletes a study, or rejects a series or an instance of it, with a reason (query parameter {@code reason} or body
 * {@code {"reason": "..."}}): the index rows go at once, the files after the commit when nothing else uses them.
 * Audited as DICOM Study Deleted (110105, action D).
 */
@RestController
@RequestMapping("/api/studies/{studyUid}")
public class StudyDeletionController {

    private final StudyDeletion deletion;
    private final ArchiveAudit audit;
    private final TransactionTemplate transactions;

    public StudyDeletionController(StudyDeletion deletion, ArchiveAudit audit, TransactionTemplate transactions) {
        this.deletion = deletion;
        this.audit = audit;
        this.transactions = transactions;
    }

    /**
     * What a deletion did.
     *
     * @param studyInstanceUid the study
     * @param studyDeleted whether the whole study is gone (a rejection of its last instances deletes it too)
     * @param instancesRemoved instances removed from the index
     * @param filesRemoved files removed from the blob store (shared files stay while used)
     */
    record DeletionResult(String studyInstanceUid, boolean studyDeleted, int instancesRemoved, int filesRemoved) {}

    /**
     * The reason for a deletion.
     *
     * @param reason why, for the audit trail and the event
     */
    record DeletionRequest(@Nullable String reason) {}

    @DeleteMapping
    DeletionResult deleteStudy(
            @PathVariable String studyUid,
            @RequestParam(required = false) @Nullable String reason,
            @RequestBody(required = false) @Nullable DeletionRequest body,
            Principal user,
            HttpServletRequest request) {
        return delete(studyUid, null, null, reason, body, user, request);
    }

    @DeleteMapping("/series/{seriesUid}")
    DeletionResult rejectSeries(
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @RequestParam(required = false) @Nullable String reason,
            @RequestBody(required = false) @Nullable DeletionRequest body,
            Principal user,
            HttpServletRequest request) {
        return delete(studyUid, seriesUid, null, reason, body, user, request);
    }

    @DeleteMapping("/series/{seriesUid}/instances/{sopUid}")
    DeletionResult rejectInstance(
            @PathVariable String studyUid,
            @PathVariable String seriesUid,
            @PathVariable String sopUid,
            @RequestParam(required = false) @Nullable String reason,
            @RequestBody(required = false) @Nullable DeletionRequest body,
            Principal user,
            HttpServletRequest request) {
        return delete(studyUid, seriesUid, sopUid, reason, body, user, request);
    }

    private DeletionResult delete(
            String studyUid,
            @Nullable String seriesUid,
            @Nullable String sopUid,
            @Nullable String reasonParameter,
            @Nullable DeletionRequest body,
            Principal user,
            HttpServletRequest request) {
        AdminRequests.uid("studyUid", studyUid);
        if (seriesUid != null) {
            AdminRequests.uid("seriesUid", seriesUid);
        }
        if (sopUid != null) {
            AdminRequests.uid("sopUid", sopUid);
        }
        String reason =
                AdminRequests.reason(reasonParameter != null ? reasonParameter : body == null ? null : body.reason());
        String what = sopUid != null ? "reject instance" : seriesUid != null ? "reject series" : "delete study";
        List<AuditObject> targets = new ArrayList<>();
        if (seriesUid != null) {
            targets.add(new AuditObject(AuditObject.Type.STUDY, seriesUid, "SeriesInstanceUID", "series"));
        }
        if (sopUid != null) {
            targets.add(new AuditObject(AuditObject.Type.STUDY, sopUid, "SOPInstanceUID", "instance"));
        }
        targets.add(new AuditObject(AuditObject.Type.MESSAGE, reason, "reason", null));
        Deleted deleted;
        try {
            deleted = transactions.execute(tx -> {
                Deleted done = deletion.delete(studyUid, seriesUid, sopUid, reason, user.getName());
                List<AuditObject> objects = new ArrayList<>(ArchiveAudit.studyObjects(done.study()));
                objects.addAll(targets);
                audit.httpAccess(
                        AuditCodes.STUDY_DELETED, what, AuditAction.D, AuditOutcome.SUCCESS, null, objects, request);
                return done;
            });
        } catch (UnknownStudyException refused) {
            List<AuditObject> objects = new ArrayList<>();
            objects.add(new AuditObject(AuditObject.Type.STUDY, studyUid, "StudyInstanceUID", null));
            objects.addAll(targets);
            transactions.executeWithoutResult(tx -> audit.httpAccess(
                    AuditCodes.STUDY_DELETED,
                    what + " (not found)",
                    AuditAction.D,
                    AuditOutcome.MINOR_FAILURE,
                    refused.getMessage(),
                    objects,
                    request));
            throw refused;
        }
        if (deleted == null) {
            throw new IllegalStateException("the deletion transaction returned nothing");
        }
        int filesRemoved = deletion.removeUnreferenced(deleted.blobKeys()).size();
        return new DeletionResult(studyUid, deleted.after() == null, deleted.instances(), filesRemoved);
    }
}
