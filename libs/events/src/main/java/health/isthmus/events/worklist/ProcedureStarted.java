package health.isthmus.events.worklist;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;
import java.time.Instant;

/**
 * A modality reported the step in progress (MPPS N-CREATE, IN PROGRESS).
 *
 * @param step the step after the change
 * @param mppsInstanceUid the performed procedure step's SOP Instance UID
 * @param performedStationAeTitle the calling AE title of the modality
 * @param startedAt performed procedure step start date and time
 */
@EventContract(type = "worklist.ProcedureStarted", version = 1, topic = WorklistTopics.PROCEDURE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcedureStarted(
        ProcedureStep step, String mppsInstanceUid, String performedStationAeTitle, Instant startedAt)
        implements IsthmusEvent {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return step.key();
    }
}
