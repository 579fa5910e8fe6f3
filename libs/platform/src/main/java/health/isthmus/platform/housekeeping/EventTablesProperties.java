package health.isthmus.platform.housekeeping;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long the platform's event tables keep rows, under {@code isthmus.event-tables}.
 *
 * @param publishedRetention how long an outbox row stays after Kafka acknowledged it (for an operator who wants to
 *     see what left recently); unpublished rows are never removed
 * @param processedRetention how long an inbox row stays after its event was applied: a redelivery of that event
 *     within this time is recognised and ignored, so keep it longer than the topics' retention and than any
 *     replay an operator might start
 * @param interval how often the rows are looked for (the first time one interval after start)
 * @param batchSize rows removed per statement, so no statement holds locks for long
 */
@Validated
@ConfigurationProperties("isthmus.event-tables")
public record EventTablesProperties(
        @NotNull Duration publishedRetention,
        @NotNull Duration processedRetention,
        @NotNull Duration interval,
        @Min(1) int batchSize) {}
