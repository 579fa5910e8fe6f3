package health.isthmus.events.worklist;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;
import java.time.Instant;
import java.util.List;

/**
 * A modality reported the step completed (MPPS N-SET, COMPLETED).
 *
 * @param step the step after the change
 * @param mppsInstanceUid the performed procedure step's SOP Instance UID
 * @param endedAt performed procedure step end date and time
 * @param seriesInstanceUids the series the modality reported in the Performed Series Sequence
 */
@EventContract(type = "worklist.ProcedureCompleted", version = 1, topic = WorklistTopics.PROCEDURE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcedureCompleted(
        ProcedureStep step, String mppsInstanceUid, Instant endedAt, List<String> seriesInstanceUids)
        implements IsthmusEvent {

    public ProcedureCompleted {
        seriesInstanceUids = List.copyOf(seriesInstanceUids);
    }

    @Override
    @JsonIgnore
    public String partitionKey() {
        return step.key();
    }
}
