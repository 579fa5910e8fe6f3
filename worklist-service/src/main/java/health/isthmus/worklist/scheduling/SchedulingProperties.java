package health.isthmus.worklist.scheduling;

import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Per-site settings under {@code isthmus.worklist}.
 *
 * @param sites site name (the HL7 sender's site, MSH-4 for senders without a configured one) to its settings
 */
@Validated
@ConfigurationProperties("isthmus.worklist")
public record SchedulingProperties(Map<String, Site> sites) {

    public SchedulingProperties {
        sites = sites == null ? Map.of() : Map.copyOf(sites);
    }

    /**
     * One site.
     *
     * @param zone the time zone the site's HL7 times without an offset are in and its worklist dates and times are
     *     served in; the JVM's when not set
     */
    public record Site(@Nullable ZoneId zone) {}

    /** The time zone of a site: configured, or the JVM's. */
    public ZoneId zoneOf(String site) {
        Site settings = sites.get(site);
        return settings == null || settings.zone() == null ? ZoneId.systemDefault() : settings.zone();
    }
}
