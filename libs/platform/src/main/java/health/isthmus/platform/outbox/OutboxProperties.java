package health.isthmus.platform.outbox;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Outbox relay settings, under {@code isthmus.outbox}.
 *
 * @param pollInterval how often the relay looks for unpublished events besides being woken by commits
 * @param batchSize how many events one relay transaction sends at most
 * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch
 * @param linger how long the relay waits after being woken by a commit before it reads the batch, so that
 *     commits close behind it share one relay transaction and one Kafka request; zero relays at once
 */
@Validated
@ConfigurationProperties("isthmus.outbox")
public record OutboxProperties(
        @NotNull Duration pollInterval,
        @Min(1) int batchSize,
        @NotNull Duration sendTimeout,
        @NotNull Duration linger) {}
