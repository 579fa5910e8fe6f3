package health.isthmus.worklist.scheduling;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.mpi.EnterprisePatientEvent;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUnlinked;
import health.isthmus.events.mpi.EnterprisePatientUpdated;
import health.isthmus.worklist.audit.WorklistAudit;
import health.isthmus.worklist.scheduling.domain.PersonNames;
import health.isthmus.worklist.scheduling.domain.Step;
import health.isthmus.worklist.scheduling.domain.StepPatient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Keeps open steps (scheduled or in progress) in step with the MPI: each event's identity lends its EUID, its
 * identifiers and its current demographics to the steps of its patients; a step whose Patient ID an A40 merge or
 * an A47 change retired moves to the survivor's identifier of the same issuer (the survivor's first identifier when
 * it has none of that issuer); steps of records an unlink took away follow their new identity. Runs in the inbox's
 * transaction.
 */
@Component
public class IdentityFollowing {

    private final ProcedureSteps steps;
    private final KnownIdentities identities;
    private final StepJournal journal;
    private final WorklistAudit audit;
    private final Clock clock;

    public IdentityFollowing(
            ProcedureSteps steps, KnownIdentities identities, StepJournal journal, WorklistAudit audit, Clock clock) {
        this.steps = steps;
        this.identities = identities;
        this.journal = journal;
        this.audit = audit;
        this.clock = clock;
    }

    public void apply(EnterprisePatientEvent event) {
        List<PatientIdentifier> retired = switch (event) {
            case EnterprisePatientMerged merged -> merged.retired();
            case EnterprisePatientUpdated updated -> updated.retired();
            default -> List.of();
        };
        List<PatientIdentifier> named = new ArrayList<>(event.identifiers());
        named.addAll(retired);
        if (event instanceof EnterprisePatientLinked linked) {
            named.addAll(linked.linked());
        }
        List<PatientIdentifier> unlinked = event instanceof EnterprisePatientUnlinked u ? u.unlinked() : List.of();
        List<PatientIdentifier> locked = new ArrayList<>(named);
        locked.addAll(unlinked);
        identities.lock(locked);
        identities.remember(event, retired, clock.instant());
        Set<UUID> euids = new LinkedHashSet<>();
        euids.add(event.euid());
        switch (event) {
            case EnterprisePatientMerged merged when merged.retiredEuid() != null -> euids.add(merged.retiredEuid());
            case EnterprisePatientLinked linked when linked.formerEuid() != null -> euids.add(linked.formerEuid());
            default -> {}
        }
        String eventType = EventCatalog.wireType(event.getClass());
        String cause = "mpi " + eventType;
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("euid", event.euid().toString());
        detail.put("mpiCause", event.cause().reference());
        for (Step before : steps.lockOpenOfPatient(euids, named)) {
            StepPatient patient = unlinked.stream().anyMatch(before.patient()::isNamedBy)
                    ? leaving(before.patient(), (EnterprisePatientUnlinked) event)
                    : following(before.patient(), event, retired);
            Step after = before.withPatient(patient);
            String action = before.patient().patientId().equals(patient.patientId())
                            && before.patient().issuer().equals(patient.issuer())
                    ? "patient changed"
                    : "patient id changed";
            journal.changed(before, after, action, cause, detail)
                    .ifPresent(changed -> audit.identityChange(
                            eventType,
                            event.cause(),
                            changed.patient().identifier(),
                            changed.accessionNumber(),
                            changed.site()));
        }
    }

    private static StepPatient following(
            StepPatient patient, EnterprisePatientEvent event, List<PatientIdentifier> retired) {
        PatientIdentifier id = retired.stream().anyMatch(patient::isNamedBy)
                ? KnownIdentities.successor(event.identifiers(), patient.identifier())
                : patient.identifier();
        PatientDemographics demographics = event.demographics();
        return new StepPatient(
                id.value(),
                id.assigningAuthority(),
                event.identifiers(),
                event.euid(),
                demographics.names().isEmpty()
                        ? patient.name()
                        : PersonNames.toDicom(demographics.names().getFirst()),
                demographics.birthDate() != null ? demographics.birthDate() : patient.birthDate(),
                demographics.sex() != null ? demographics.sex() : patient.sex());
    }

    // the new identity's EnterprisePatientCreated brings its demographics and every identifier
    private static StepPatient leaving(StepPatient patient, EnterprisePatientUnlinked event) {
        return new StepPatient(
                patient.patientId(),
                patient.issuer(),
                event.unlinked(),
                event.newEuid(),
                patient.name(),
                patient.birthDate(),
                patient.sex());
    }
}
