package health.isthmus.audit.retention;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long records are kept, {@code isthmus.audit.retention.*}.
 *
 * @param period records stored longer ago than this are removed (ISO-8601 period, six years by default)
 * @param interval how often the job looks for expired records
 * @param batchSize records removed per transaction
 */
@Validated
@ConfigurationProperties("isthmus.audit.retention")
public record RetentionProperties(
        @DefaultValue("P6Y") Period period,
        @DefaultValue("1h") Duration interval,
        @DefaultValue("10000") @Min(1) int batchSize) {}
