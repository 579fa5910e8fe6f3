package health.isthmus.gateway.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When refusals become a burst: more than {@code burstThreshold} 401 or 403 answers to one caller (token subject,
 * else client address) within {@code burstWindow} raise one extra Security Alert for that window.
 */
@ConfigurationProperties("isthmus.gateway.audit")
public record RefusalAuditProperties(
        @DefaultValue("20") int burstThreshold,
        @DefaultValue("60s") Duration burstWindow) {

    public RefusalAuditProperties {
        if (burstThreshold < 1 || burstWindow.isNegative() || burstWindow.isZero()) {
            throw new IllegalArgumentException(
                    "isthmus.gateway.audit: burst-threshold must be >= 1 and burst-window positive");
        }
    }
}
