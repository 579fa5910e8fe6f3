package health.isthmus.events.worklist;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;

/**
 * A scheduled procedure step was cancelled.
 *
 * @param step the step after the change
 * @param cause what changed it: {@code hl7 <MSH-4>|<MSH-10> <trigger>}, {@code mpi <event type>}, or {@code user
 *     <subject>}
 */
@EventContract(type = "worklist.ProcedureCancelled", version = 1, topic = WorklistTopics.PROCEDURE)
public record ProcedureCancelled(ProcedureStep step, String cause) implements IsthmusEvent {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return step.key();
    }
}
