package health.isthmus.hl7ingest.intake.tls;

import health.isthmus.hl7.mllp.MllpClientAuth;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The MLLP TLS listener, under {@code isthmus.hl7-ingest.tls}.
 *
 * @param enabled whether the listener runs (off by default)
 * @param port TCP port (2576 by default; 0 picks a free port)
 * @param bindAddress address to listen on
 * @param keyStore the listener's certificate and private key
 * @param trustStore certificates (or their authorities) of the clients trusted; the JVM's default trust when
 *     no path is set
 * @param clientAuth whether clients must present a certificate
 * @param allowedClientFingerprints SHA-256 fingerprints (hex, colons optional) of admitted client certificates
 * @param allowedClientSubjects subject distinguished names of admitted client certificates; with both lists
 *     empty every client the handshake accepts is admitted
 * @param maxMessageSize largest accepted message
 * @param idleTimeout silent connections (and unfinished handshakes) are closed after this long
 * @param maxConnections concurrent connections at most
 */
@Validated
@ConfigurationProperties("isthmus.hl7-ingest.tls")
public record MllpTlsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("2576") @Min(0) @Max(65535) int port,
        @DefaultValue("0.0.0.0") @NotBlank String bindAddress,
        @DefaultValue @Valid Store keyStore,
        @DefaultValue @Valid Store trustStore,
        @DefaultValue("need") @NotNull MllpClientAuth clientAuth,
        @DefaultValue List<String> allowedClientFingerprints,
        @DefaultValue List<String> allowedClientSubjects,
        @DefaultValue("10MB") @NotNull DataSize maxMessageSize,
        @DefaultValue("5m") @NotNull Duration idleTimeout,
        @DefaultValue("200") @Min(1) int maxConnections) {

    /** A key store file; its password comes from the environment. */
    public record Store(
            @Nullable String path,
            @DefaultValue("") String password,
            @DefaultValue("PKCS12") @NotBlank String type) {

        /** Whether a file is configured. */
        public boolean isSet() {
            return path != null && !path.isBlank();
        }
    }

    /** A TLS listener cannot run without its own certificate. */
    @AssertTrue(message = "isthmus.hl7-ingest.tls.key-store.path is required when the TLS listener is enabled")
    public boolean isKeyStoreSetWhenEnabled() {
        return !enabled || keyStore.isSet();
    }

    /** Fingerprints are checked at startup rather than silently never matching. */
    @AssertTrue(
            message = "isthmus.hl7-ingest.tls.allowed-client-fingerprints must be SHA-256 fingerprints (64 hex digits)")
    public boolean isEveryFingerprintSha256() {
        return allowedClientFingerprints.stream()
                .map(f -> f.replace(":", "").strip())
                .allMatch(f -> f.isEmpty() || f.matches("[0-9a-fA-F]{64}"));
    }
}
