package health.isthmus.audit.syslog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Export of the trail to an audit record repository (an IHE ATNA collector), {@code isthmus.audit.syslog.*}.
 *
 * @param enabled whether records are exported at all (off by default)
 * @param host the collector
 * @param port its port (6514 is the syslog-over-TLS port of RFC 5425, 514 the UDP one)
 * @param transport {@code tls} (RFC 5425, octet counting) or {@code udp} (RFC 5426, one datagram per message)
 * @param trustStore PKCS#12 trust store holding the collector's certificate or its CA; the JDK's when absent
 * @param keyStore PKCS#12 key store of this service's client certificate, for collectors that ask for one
 * @param appName the syslog APP-NAME
 * @param hostname the syslog HOSTNAME; this machine's name when absent
 * @param batchSize records read from the store per round
 * @param pollInterval how long to wait when everything stored has been sent
 * @param initialBackoff the first wait after the collector failed; doubled on each failure in a row
 * @param maxBackoff the longest wait between attempts
 * @param connectTimeout how long a connection attempt may take
 */
@Validated
@ConfigurationProperties("isthmus.audit.syslog")
public record SyslogProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("localhost") @NotBlank String host,
        @DefaultValue("6514") @Min(1) @Max(65535) int port,
        @DefaultValue("tls") Transport transport,
        @Nullable Path trustStore,
        @DefaultValue("") String trustStorePassword,
        @Nullable Path keyStore,
        @DefaultValue("") String keyStorePassword,
        @DefaultValue("isthmus") @NotBlank String appName,
        @Nullable String hostname,
        @DefaultValue("100") @Min(1) int batchSize,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("1m") Duration maxBackoff,
        @DefaultValue("10s") Duration connectTimeout) {

    /** How messages travel to the collector. */
    public enum Transport {
        /** RFC 5425: TLS 1.2 or 1.3, each message preceded by its length in octets and a space. */
        TLS,
        /** RFC 5426: one message per datagram, unencrypted and unacknowledged. */
        UDP
    }
}
