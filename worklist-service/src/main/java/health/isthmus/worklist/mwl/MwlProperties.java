package health.isthmus.worklist.mwl;

import jakarta.validation.constraints.Min;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the Modality Worklist serves ({@code isthmus.worklist.mwl}).
 *
 * @param resultLimit the most matches one query may have; a query with more is refused with A700
 * @param includeInProgress whether steps a modality has started (MPPS IN PROGRESS) stay on the worklist
 * @param includeDone whether steps completed or discontinued through MPPS stay on the worklist
 * @param stationFilter calling AE title to the scheduled station AE titles it is shown; AE titles not listed see
 *     every station
 */
@Validated
@ConfigurationProperties("isthmus.worklist.mwl")
public record MwlProperties(
        @DefaultValue("1000") @Min(1) int resultLimit,
        @DefaultValue("true") boolean includeInProgress,
        @DefaultValue("false") boolean includeDone,
        @DefaultValue Map<String, List<String>> stationFilter) {

    /** The step statuses (column {@code status}) the worklist serves. */
    public List<String> statuses() {
        List<String> statuses = new ArrayList<>(List.of("SCHEDULED"));
        if (includeInProgress) {
            statuses.add("IN_PROGRESS");
        }
        if (includeDone) {
            statuses.addAll(List.of("COMPLETED", "DISCONTINUED"));
        }
        return List.copyOf(statuses);
    }
}
