package health.isthmus.mpi.registry;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.mpi.audit.PatientAudit;
import health.isthmus.mpi.matching.DemographicsTranslator;
import health.isthmus.mpi.matching.domain.MatchingEngine;
import health.isthmus.mpi.registry.ReviewTasks.ReviewTask;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes of identity that people decide: accepting or rejecting a review task, linking and unlinking records,
 * undoing a merge. Each runs in one transaction with its MPI events and its audit record naming the user.
 */
@Service
public class IdentityAdministration {

    private final PatientRecords records;
    private final ReviewTasks reviews;
    private final Merges merges;
    private final RetiredIdentifiers retired;
    private final MatchingEngine engine;
    private final DemographicsTranslator translator;
    private final IdentityEvents events;
    private final PatientAudit audit;
    private final Clock clock;

    public IdentityAdministration(
            PatientRecords records,
            ReviewTasks reviews,
            Merges merges,
            RetiredIdentifiers retired,
            MatchingEngine engine,
            DemographicsTranslator translator,
            IdentityEvents events,
            PatientAudit audit,
            Clock clock) {
        this.records = records;
        this.reviews = reviews;
        this.merges = merges;
        this.retired = retired;
        this.engine = engine;
        this.translator = translator;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The reviewer says the record is the candidate's person: the record's identity joins the candidate's current
     * identity, and the record's other open tasks are withdrawn.
     */
    @Transactional
    public ReviewTask acceptReview(long taskId, String user, @Nullable String comment, HttpServletRequest request) {
        ReviewTask task = openTask(taskId);
        PatientRecord record = activeRecord(task.recordId());
        PatientRecord candidate = survivingRecord(task.candidateRecordId());
        Instant now = clock.instant();
        if (!record.euid().equals(candidate.euid())) {
            joinIdentity(record.euid(), candidate.euid(), new MpiCause("review", "review " + taskId, user));
        }
        reviews.decide(taskId, "linked", user, comment, now);
        reviews.withdrawOpen(record.id(), "review " + taskId, now);
        auditChange("accept review: link records", AuditAction.U, List.of(record, candidate), request);
        return reviews.find(taskId).orElseThrow();
    }

    /** The reviewer says the record is not the candidate's person; the pair is not asked again. */
    @Transactional
    public ReviewTask rejectReview(long taskId, String user, @Nullable String comment, HttpServletRequest request) {
        ReviewTask task = openTask(taskId);
        reviews.decide(taskId, "rejected", user, comment, clock.instant());
        List<PatientRecord> concerned = new ArrayList<>();
        records.findById(task.recordId()).ifPresent(concerned::add);
        records.findById(task.candidateRecordId()).ifPresent(concerned::add);
        auditChange("reject review", AuditAction.U, concerned, request);
        return reviews.find(taskId).orElseThrow();
    }

    /** Links the record's identity into another identity (every record of the first joins the second). */
    @Transactional
    public UUID link(long recordId, UUID target, String user, HttpServletRequest request) {
        PatientRecord record = activeRecord(recordId);
        List<PatientRecord> targetRecords = records.findByEuid(target);
        if (targetRecords.isEmpty()) {
            throw new UnknownEntryException("identity " + target + " has no active record");
        }
        if (record.euid().equals(target)) {
            throw new IdentityChangeRefusedException("record " + recordId + " already belongs to " + target);
        }
        joinIdentity(record.euid(), target, new MpiCause("admin", "link record " + recordId, user));
        List<PatientRecord> concerned = new ArrayList<>(targetRecords);
        concerned.add(record);
        auditChange("link records", AuditAction.U, concerned, request);
        return target;
    }

    /** Takes a record out of its identity into a new one of its own. */
    @Transactional
    public UUID unlink(long recordId, String user, HttpServletRequest request) {
        PatientRecord record = activeRecord(recordId);
        List<PatientRecord> identity = records.findByEuid(record.euid());
        if (identity.size() < 2) {
            throw new IdentityChangeRefusedException(
                    "record " + recordId + " is the only record of its identity; there is nothing to unlink");
        }
        Instant now = clock.instant();
        UUID newEuid = records.newIdentity(now);
        records.moveToIdentity(List.of(recordId), newEuid);
        MpiCause cause = new MpiCause("admin", "unlink record " + recordId, user);
        events.unlinked(record.euid(), record.demographics().identifiers(), newEuid, cause);
        events.created(newEuid, cause);
        auditChange("unlink record", AuditAction.U, identity, request);
        return newEuid;
    }

    /**
     * Undoes an A40 merge: the merged record is active again under the identity it had, the records the merge moved
     * go back to it, and its identifiers name it again.
     */
    @Transactional
    public UUID unmerge(long mergeId, String user, HttpServletRequest request) {
        Merges.Merge merge = merges.lock(mergeId).orElseThrow(() -> new UnknownEntryException("merge " + mergeId));
        if (merge.undoneBy() != null) {
            throw new IdentityChangeRefusedException("merge " + mergeId + " was already undone");
        }
        PatientRecord survivor = records.findById(merge.survivorId()).orElseThrow();
        PatientRecord merged = records.findById(merge.retiredId()).orElseThrow();
        if (merged.mergedInto() == null || merged.mergedInto() != survivor.id()) {
            throw new IdentityChangeRefusedException("record " + merged.id() + " is no longer merged by " + mergeId);
        }
        UUID survivorEuid = survivor.euid();
        UUID restored = merge.retiredEuid();
        MpiCause cause = new MpiCause("admin", "unmerge " + mergeId, user);
        if (restored.equals(survivorEuid)) {
            // both records were one identity before the merge: the record comes back into it
            records.reactivate(merged.id(), survivorEuid);
            retired.restoreMerge(mergeId);
            engine.index(merged.id(), survivorEuid, translator.toMatching(merged.demographics()));
            merges.undo(mergeId, user, clock.instant());
            events.updated(survivorEuid, List.of(), cause);
            auditChange("unmerge", AuditAction.U, List.of(merged, survivor), request);
            return survivorEuid;
        }
        records.reviveIdentity(restored);
        records.reactivate(merged.id(), restored);
        List<Long> movedBack = records.findByEuid(survivorEuid).stream()
                .map(PatientRecord::id)
                .filter(merge.movedIds()::contains)
                .toList();
        records.moveToIdentity(movedBack, restored);
        retired.restoreMerge(mergeId);
        engine.index(merged.id(), restored, translator.toMatching(merged.demographics()));
        merges.undo(mergeId, user, clock.instant());
        List<PatientRecord> restoredRecords = records.findByEuid(restored);
        events.unlinked(survivorEuid, records.identifiersOf(restoredRecords), restored, cause);
        events.created(restored, cause);
        List<PatientRecord> concerned = new ArrayList<>(restoredRecords);
        concerned.add(survivor);
        auditChange("unmerge", AuditAction.U, concerned, request);
        return restored;
    }

    private void joinIdentity(UUID from, UUID into, MpiCause cause) {
        List<PatientRecord> moving = records.findByEuid(from);
        records.moveToIdentity(moving.stream().map(PatientRecord::id).toList(), into);
        records.retireIdentity(from, into);
        events.linked(into, records.identifiersOf(moving), from, cause);
    }

    private ReviewTask openTask(long taskId) {
        ReviewTask task = reviews.lock(taskId).orElseThrow(() -> new UnknownEntryException("review task " + taskId));
        if (!task.status().equals("open")) {
            throw new IdentityChangeRefusedException("review task " + taskId + " is " + task.status() + ", not open");
        }
        return task;
    }

    private PatientRecord activeRecord(long recordId) {
        PatientRecord record =
                records.findById(recordId).orElseThrow(() -> new UnknownEntryException("record " + recordId));
        if (!record.active()) {
            throw new IdentityChangeRefusedException(
                    "record " + recordId + " was merged into record " + record.mergedInto());
        }
        return record;
    }

    /** The record itself, or the survivor it was merged into. */
    private PatientRecord survivingRecord(long recordId) {
        PatientRecord record =
                records.findById(recordId).orElseThrow(() -> new UnknownEntryException("record " + recordId));
        for (int hops = 0; record.mergedInto() != null && hops < 100; hops++) {
            record = records.findById(record.mergedInto()).orElseThrow();
        }
        return record;
    }

    private void auditChange(
            String what, AuditAction action, List<PatientRecord> concerned, HttpServletRequest request) {
        List<PatientIdentifier> identifiers = new ArrayList<>();
        List<UUID> euids = new ArrayList<>();
        for (PatientRecord record : concerned) {
            identifiers.add(record.key());
            euids.add(record.euid());
        }
        audit.userAccess(
                AuditCodes.PATIENT_RECORD, what, action, identifiers, euids, null, AuditOutcome.SUCCESS, request);
    }
}
