package health.isthmus.worklist.mpps;

import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * MPPS settings ({@code isthmus.worklist.mpps}).
 *
 * @param timeZone the zone of the dates and times modalities send; the system's zone when empty
 */
@ConfigurationProperties("isthmus.worklist.mpps")
public record MppsProperties(@Nullable String timeZone) {

    public ZoneId zone() {
        return timeZone == null || timeZone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timeZone);
    }
}
