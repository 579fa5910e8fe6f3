package health.isthmus.events.worklist;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import health.isthmus.events.EventContract;
import health.isthmus.events.IsthmusEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A modality reported the step discontinued (MPPS N-SET, DISCONTINUED).
 *
 * @param step the step after the change
 * @param mppsInstanceUid the performed procedure step's SOP Instance UID
 * @param endedAt performed procedure step end date and time
 * @param reason the discontinuation reason (0040,0281) code meaning, if sent
 */
@EventContract(type = "worklist.ProcedureDiscontinued", version = 1, topic = WorklistTopics.PROCEDURE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProcedureDiscontinued(
        ProcedureStep step,
        String mppsInstanceUid,
        Instant endedAt,
        @Nullable String reason) implements IsthmusEvent {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return step.key();
    }
}
