package health.isthmus.hl7ingest.appack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Delivery of application acknowledgments, under {@code isthmus.hl7-ingest.application-ack}.
 *
 * @param timeout connect and reply timeout for one delivery
 * @param firstRetry the delay after the first failed delivery; it doubles after each further failure
 * @param maxRetryDelay the longest delay between attempts
 * @param maxAttempts attempts before an acknowledgment is marked failed (and kept for inspection)
 */
@ConfigurationProperties("isthmus.hl7-ingest.application-ack")
public record ApplicationAckProperties(Duration timeout, Duration firstRetry, Duration maxRetryDelay, int maxAttempts) {

    public ApplicationAckProperties {
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        firstRetry = firstRetry == null ? Duration.ofSeconds(1) : firstRetry;
        maxRetryDelay = maxRetryDelay == null ? Duration.ofMinutes(5) : maxRetryDelay;
        maxAttempts = maxAttempts <= 0 ? 100 : maxAttempts;
    }

    /** The delay before attempt {@code attempts + 1}, after {@code attempts} failures. */
    Duration delayAfter(int attempts) {
        Duration delay = firstRetry.multipliedBy(1L << Math.min(attempts, 20));
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
