package health.isthmus.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-client rate limit: a token bucket per client ({@code azp}, else {@code client_id}, else {@code sub} of the
 * token) refilled at {@code requestsPerSecond} and holding at most {@code burst} requests.
 */
@Validated
@ConfigurationProperties("isthmus.gateway.rate-limit")
public record RateLimits(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("100") double requestsPerSecond,
        @DefaultValue("500") int burst) {

    public RateLimits {
        if (!(requestsPerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException(
                    "isthmus.gateway.rate-limit: requests-per-second must be > 0 and burst >= 1");
        }
    }
}
