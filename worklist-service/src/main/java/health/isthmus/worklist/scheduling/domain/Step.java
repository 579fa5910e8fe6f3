package health.isthmus.worklist.scheduling.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scheduled procedure step of the worklist, identified within its site by accession number and scheduled
 * procedure step id.
 *
 * @param id the worklist's id (0 before it is stored)
 * @param site the site the order came from
 * @param accessionNumber Accession Number (0008,0050)
 * @param stepId Scheduled Procedure Step ID (0040,0009)
 * @param procedure what is to be done
 * @param patient for whom
 * @param status where it stands
 * @param onHold whether the placer put the order on hold (HL7 HD, until RL)
 * @param createdAt when the worklist first recorded it
 * @param updatedAt when it last changed
 * @param version how many times it was written
 */
public record Step(
        long id,
        String site,
        String accessionNumber,
        String stepId,
        Procedure procedure,
        StepPatient patient,
        StepStatus status,
        boolean onHold,
        Instant createdAt,
        Instant updatedAt,
        int version) {

    public Step withProcedure(Procedure changed) {
        return new Step(
                id, site, accessionNumber, stepId, changed, patient, status, onHold, createdAt, updatedAt, version);
    }

    public Step withPatient(StepPatient changed) {
        return new Step(
                id, site, accessionNumber, stepId, procedure, changed, status, onHold, createdAt, updatedAt, version);
    }

    public Step withStatus(StepStatus changed) {
        return new Step(
                id, site, accessionNumber, stepId, procedure, patient, changed, onHold, createdAt, updatedAt, version);
    }

    public Step withOnHold(boolean changed) {
        return new Step(
                id, site, accessionNumber, stepId, procedure, patient, status, changed, createdAt, updatedAt, version);
    }

    /** The names of what differs from {@code before} (procedure and patient fields, status, hold), for the history. */
    public List<String> changesFrom(Step before) {
        List<String> changes = new ArrayList<>();
        compare(before.procedure, procedure, changes);
        compare(before.patient, patient, changes);
        if (before.status != status) {
            changes.add("status");
        }
        if (before.onHold != onHold) {
            changes.add("onHold");
        }
        return changes;
    }

    private static void compare(Record before, Record after, List<String> changes) {
        for (var component : before.getClass().getRecordComponents()) {
            try {
                if (!Objects.equals(
                        component.getAccessor().invoke(before),
                        component.getAccessor().invoke(after))) {
                    changes.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
        }
    }
}
