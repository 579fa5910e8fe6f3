package health.isthmus.worklist.scheduling;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.worklist.scheduling.KnownIdentities.KnownIdentity;
import health.isthmus.worklist.scheduling.domain.PersonNames;
import health.isthmus.worklist.scheduling.domain.Priorities;
import health.isthmus.worklist.scheduling.domain.Procedure;
import health.isthmus.worklist.scheduling.domain.ProcedureCode;
import health.isthmus.worklist.scheduling.domain.ScheduledStart;
import health.isthmus.worklist.scheduling.domain.Step;
import health.isthmus.worklist.scheduling.domain.StepPatient;
import health.isthmus.worklist.scheduling.domain.StepStatus;
import health.isthmus.worklist.scheduling.domain.StudyUids;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What users do to the worklist by hand: create an entry without an order, cancel a step. Runs in the caller's
 * transaction, which the caller's audit record joins.
 */
@Component
public class WorklistEntries {

    private final ProcedureSteps steps;
    private final KnownIdentities identities;
    private final StepJournal journal;
    private final SchedulingProperties properties;
    private final Clock clock;

    public WorklistEntries(
            ProcedureSteps steps,
            KnownIdentities identities,
            StepJournal journal,
            SchedulingProperties properties,
            Clock clock) {
        this.steps = steps;
        this.identities = identities;
        this.journal = journal;
        this.properties = properties;
        this.clock = clock;
    }

    /** The zone of a site's local dates and times. */
    public ZoneId zoneOf(String site) {
        return properties.zoneOf(site);
    }

    public Step create(NewEntry entry, String user) {
        String accession = entry.accessionNumber() != null ? entry.accessionNumber() : steps.nextUnscheduledAccession();
        // like an order without them: one requested procedure with one step, both named by the accession number
        String stepId = entry.scheduledProcedureStepId() != null ? entry.scheduledProcedureStepId() : accession;
        if (steps.exists(entry.site(), accession, stepId)) {
            throw new StepConflictException(
                    "site " + entry.site() + " already has step " + stepId + " of accession number " + accession);
        }
        PatientIdentifier key = new PatientIdentifier(entry.patientId(), entry.issuerOfPatientId(), null);
        identities.lock(List.of(key));
        Optional<KnownIdentity> identity = identities.named(key);
        List<ProcedureCode> codes = entry.procedureCode() == null
                ? List.of()
                : List.of(new ProcedureCode(
                        entry.procedureCode().code(),
                        entry.procedureCode().text() != null
                                ? entry.procedureCode().text()
                                : entry.procedureCode().code(),
                        entry.procedureCode().codingSystem() != null
                                ? entry.procedureCode().codingSystem()
                                : "L"));
        String description = entry.description() != null
                ? entry.description()
                : codes.isEmpty() ? null : codes.getFirst().meaning();
        Procedure procedure = new Procedure(
                null,
                null,
                entry.requestedProcedureId() != null ? entry.requestedProcedureId() : accession,
                description,
                codes,
                description,
                List.of(),
                entry.modality(),
                entry.scheduledStationAeTitle(),
                entry.scheduledStationName(),
                null,
                start(entry.scheduledStart(), properties.zoneOf(entry.site())),
                null,
                PersonNames.toDicom(entry.requestingPhysician()),
                null,
                Priorities.normalized(entry.priority()),
                entry.reason(),
                entry.studyInstanceUid() != null ? entry.studyInstanceUid() : StudyUids.generate());
        StepPatient patient = new StepPatient(
                entry.patientId(),
                entry.issuerOfPatientId(),
                identity.map(KnownIdentity::identifiers).orElse(List.of(key)),
                identity.map(KnownIdentity::euid).orElse(null),
                PersonNames.toDicom(entry.patientName()),
                entry.patientBirthDate(),
                entry.patientSex());
        Instant now = clock.instant();
        Step step = new Step(
                0, entry.site(), accession, stepId, procedure, patient, StepStatus.SCHEDULED, false, now, now, 1);
        return journal.scheduled(step, "user " + user, Map.of("unscheduled", true));
    }

    /** Cancels an open step; cancelling a cancelled step changes nothing. */
    public Step cancel(long id, String user) {
        Step step = steps.lockById(id).orElseThrow(() -> new UnknownStepException(id));
        if (step.status() == StepStatus.CANCELLED) {
            return step;
        }
        if (!step.status().open()) {
            throw new StepConflictException("step " + id + " is " + step.status() + " and can no longer be cancelled");
        }
        return journal.changed(step, step.withStatus(StepStatus.CANCELLED), "cancelled", "user " + user, Map.of())
                .orElse(step);
    }

    private static @Nullable ScheduledStart start(@Nullable Instant instant, ZoneId zone) {
        if (instant == null) {
            return null;
        }
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        return new ScheduledStart(local.toLocalDate(), local.toLocalTime(), instant);
    }
}
