package health.isthmus.report.delivery;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how final reports go to the HIS as ORU^R01.
 *
 * @param defaultEndpoint {@code host:port} of the HIS listener for sites not listed in {@code sites}
 * @param sites site (the order's site) to {@code host:port} of that site's HIS listener
 * @param sendingApplication MSH-3
 * @param sendingFacility MSH-4
 * @param receivingApplication MSH-5; MSH-6 is the order's site
 * @param ackTimeout how long connecting and then the HIS's acknowledgment may each take
 * @param initialBackoff the wait after the first failed try; doubled after each further one
 * @param maxBackoff the longest wait between tries
 * @param maxAttempts tries before a delivery is dead-lettered
 * @param pollInterval how often the worker looks for due deliveries when nothing wakes it
 * @param tls TLS to the HIS, off by default
 */
@Validated
@ConfigurationProperties("isthmus.report.delivery")
public record DeliveryProperties(
        @Nullable String defaultEndpoint,
        @Nullable Map<String, String> sites,
        @Nullable String sendingApplication,
        @Nullable String sendingFacility,
        @Nullable String receivingApplication,
        @Nullable Duration ackTimeout,
        @Nullable Duration initialBackoff,
        @Nullable Duration maxBackoff,
        @Nullable Integer maxAttempts,
        @Nullable Duration pollInterval,
        @Nullable Tls tls) {

    public DeliveryProperties {
        defaultEndpoint = defaultEndpoint == null || defaultEndpoint.isBlank() ? "localhost:2577" : defaultEndpoint;
        sites = sites == null ? Map.of() : Map.copyOf(sites);
        sendingApplication = sendingApplication == null ? "ISTHMUS" : sendingApplication;
        sendingFacility = sendingFacility == null ? "ISTHMUS" : sendingFacility;
        receivingApplication = receivingApplication == null ? "HIS" : receivingApplication;
        ackTimeout = ackTimeout == null ? Duration.ofSeconds(30) : ackTimeout;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(10) : maxBackoff;
        maxAttempts = maxAttempts == null ? 20 : maxAttempts;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        tls = tls == null ? new Tls(false, null, null, null, null, null) : tls;
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("isthmus.report.delivery.max-attempts must be at least 1");
        }
    }

    /**
     * TLS to the HIS listeners (TLS 1.2/1.3 only, the HIS certificate must name its host).
     *
     * @param trustStore PKCS12 store of the HIS certificates or their authority; the JVM's trust when absent
     * @param keyStore PKCS12 store of the client certificate to present, when the HIS asks for one
     */
    public record Tls(
            boolean enabled,
            @Nullable String trustStore,
            @Nullable String trustStorePassword,
            @Nullable String keyStore,
            @Nullable String keyStorePassword,
            @Nullable String storeType) {}

    /** The HIS endpoint of a site: its own, or the default. */
    public String endpointOf(@Nullable String site) {
        String endpoint = site == null ? null : sites().get(site);
        return endpoint == null ? defaultEndpoint() : endpoint;
    }

    /** The wait before try {@code attempts + 1}, after {@code attempts} failed tries. */
    public Duration backoffAfter(int attempts) {
        Duration wait = initialBackoff();
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff()) > 0 ? maxBackoff() : wait;
    }
}
