package health.isthmus.worklist.scheduling;

import health.isthmus.events.worklist.ProcedureCancelled;
import health.isthmus.events.worklist.ProcedureChanged;
import health.isthmus.events.worklist.ProcedureScheduled;
import health.isthmus.events.worklist.ProcedureStep;
import health.isthmus.platform.outbox.EventPublisher;
import health.isthmus.worklist.scheduling.domain.ScheduledStart;
import health.isthmus.worklist.scheduling.domain.Step;
import health.isthmus.worklist.scheduling.domain.StepStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Stores a new or changed step, keeps the change in its history and publishes it on {@code worklist.procedure.v1},
 * all in the caller's transaction.
 */
@Component
public class StepJournal {

    private final ProcedureSteps steps;
    private final EventPublisher events;
    private final Clock clock;
    private final MeterRegistry meters;

    public StepJournal(ProcedureSteps steps, EventPublisher events, Clock clock, MeterRegistry meters) {
        this.steps = steps;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    /** Stores a new step: history {@code scheduled}, event ProcedureScheduled. */
    public Step scheduled(Step step, String cause, Map<String, ?> detail) {
        Instant now = clock.instant();
        Step stored = steps.save(step, now);
        steps.addHistory(stored.id(), now, "scheduled", cause, detail);
        events.publish(new ProcedureScheduled(contract(stored), cause));
        count("scheduled", cause);
        return stored;
    }

    /**
     * Stores a changed step when anything changed: history {@code action} with the changed fields, event
     * ProcedureCancelled when it became cancelled, ProcedureChanged otherwise.
     *
     * @return the step as stored, or empty when nothing changed
     */
    public Optional<Step> changed(Step before, Step after, String action, String cause, Map<String, ?> detail) {
        List<String> changes = after.changesFrom(before);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Step stored = steps.save(after, now);
        Map<String, Object> recorded = new LinkedHashMap<>(detail);
        recorded.put("changed", changes);
        steps.addHistory(stored.id(), now, action, cause, recorded);
        boolean cancelled = stored.status() == StepStatus.CANCELLED && before.status() != StepStatus.CANCELLED;
        events.publish(
                cancelled
                        ? new ProcedureCancelled(contract(stored), cause)
                        : new ProcedureChanged(contract(stored), cause));
        count(cancelled ? "cancelled" : "changed", cause);
        return Optional.of(stored);
    }

    // isthmus.worklist.steps.changed{event=scheduled|changed|cancelled, source=hl7|mpi|user}
    private void count(String event, String cause) {
        int space = cause.indexOf(' ');
        meters.counter(
                        "isthmus.worklist.steps.changed",
                        "event",
                        event,
                        "source",
                        space > 0 ? cause.substring(0, space) : cause)
                .increment();
    }

    /** The step as the worklist's events describe it. */
    public static ProcedureStep contract(Step step) {
        ScheduledStart start = step.procedure().start();
        return new ProcedureStep(
                step.id(),
                step.site(),
                step.accessionNumber(),
                step.procedure().requestedProcedureId(),
                step.stepId(),
                step.procedure().studyInstanceUid(),
                step.procedure().modality(),
                step.procedure().stationAeTitle(),
                start == null ? null : start.instant(),
                step.patient().identifier(),
                step.patient().euid(),
                step.status().name());
    }
}
