package health.isthmus.mpi.api;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.mpi.audit.PatientAudit;
import health.isthmus.mpi.registry.IdentityAdministration;
import health.isthmus.mpi.registry.MatchDecisions;
import health.isthmus.mpi.registry.MatchDecisions.StoredDecision;
import health.isthmus.mpi.registry.Merges;
import health.isthmus.mpi.registry.PatientRecord;
import health.isthmus.mpi.registry.PatientRecords;
import health.isthmus.mpi.registry.UnknownEntryException;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enterprise identities for administrators: what an identity holds and how matching decided each record, and the
 * changes a person makes by hand (link, unlink, unmerge), each published as an MPI event.
 */
@RestController
@RequestMapping("/api/patients")
public class IdentityController {

    private final PatientRecords records;
    private final MatchDecisions decisions;
    private final Merges merges;
    private final IdentityAdministration administration;
    private final PatientAudit audit;

    public IdentityController(
            PatientRecords records,
            MatchDecisions decisions,
            Merges merges,
            IdentityAdministration administration,
            PatientAudit audit) {
        this.records = records;
        this.decisions = decisions;
        this.merges = merges;
        this.administration = administration;
        this.audit = audit;
    }

    @GetMapping("/identities/{euid}")
    IdentityView identity(@PathVariable UUID euid, HttpServletRequest request) {
        UUID current = records.successorOf(euid).orElse(euid);
        List<PatientRecord> active = records.findByEuid(current);
        if (active.isEmpty()) {
            throw new UnknownEntryException("identity " + euid);
        }
        List<RecordWithDecisions> shown = active.stream()
                .map(record -> new RecordWithDecisions(RecordView.of(record), decisions.of(record.id())))
                .toList();
        audit.userAccess(
                AuditCodes.PATIENT_RECORD,
                "view identity",
                AuditAction.R,
                active.stream().map(PatientRecord::key).toList(),
                List.of(current),
                null,
                AuditOutcome.SUCCESS,
                request);
        List<Merges.Merge> merged =
                merges.intoSurvivors(active.stream().map(PatientRecord::id).toList());
        return new IdentityView(
                current, current.equals(euid) ? null : euid, records.identifiersOf(active), shown, merged);
    }

    @PostMapping("/identities/{euid}/links")
    IdentityChanged link(
            @PathVariable UUID euid, @RequestBody LinkRequest link, Principal user, HttpServletRequest request) {
        return new IdentityChanged(administration.link(link.recordId(), euid, user.getName(), request));
    }

    @PostMapping("/records/{id}/unlink")
    IdentityChanged unlink(@PathVariable long id, Principal user, HttpServletRequest request) {
        return new IdentityChanged(administration.unlink(id, user.getName(), request));
    }

    @PostMapping("/merges/{id}/unmerge")
    IdentityChanged unmerge(@PathVariable long id, Principal user, HttpServletRequest request) {
        return new IdentityChanged(administration.unmerge(id, user.getName(), request));
    }

    /**
     * Which record to link into the identity (with every record of its own identity).
     *
     * @param recordId the record
     */
    record LinkRequest(long recordId) {}

    /**
     * The identity a change produced: the target of a link, the new identity of an unlinked record, the restored
     * identity of an unmerge.
     *
     * @param euid that identity
     */
    record IdentityChanged(UUID euid) {}

    /**
     * An identity with its records.
     *
     * @param euid the identity
     * @param requestedEuid the EUID asked for, when it was retired into {@code euid}
     * @param identifiers every active identifier of the identity
     * @param records its active records with their match decisions
     * @param merges the A40 merges into its records, undone ones included (an admin may undo one)
     */
    record IdentityView(
            UUID euid,
            @org.jspecify.annotations.Nullable UUID requestedEuid,
            List<health.isthmus.events.common.PatientIdentifier> identifiers,
            List<RecordWithDecisions> records,
            List<Merges.Merge> merges) {}

    /**
     * A record and how matching decided its identity.
     *
     * @param record the record
     * @param decisions its match decisions, oldest first
     */
    record RecordWithDecisions(RecordView record, List<StoredDecision> decisions) {}
}
