package health.isthmus.dicomweb.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a study counts as complete ({@code isthmus.dicomweb.stability}).
 *
 * @param quietTime how long no instance may arrive before the study is announced stable
 * @param checkInterval how often quiet studies are looked for
 * @param batchSize most studies announced per check
 */
@ConfigurationProperties("isthmus.dicomweb.stability")
public record StabilityProperties(
        @DefaultValue("60s") Duration quietTime,
        @DefaultValue("5s") Duration checkInterval,
        @DefaultValue("100") int batchSize) {}
