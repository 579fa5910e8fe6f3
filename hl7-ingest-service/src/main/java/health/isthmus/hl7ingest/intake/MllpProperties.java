package health.isthmus.hl7ingest.intake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The MLLP listener, under {@code isthmus.hl7-ingest.mllp}.
 *
 * @param port TCP port (2575 by default; 0 picks a free port)
 * @param bindAddress address to listen on
 * @param maxMessageSize largest accepted message
 * @param idleTimeout silent connections are closed after this long
 * @param maxConnections concurrent connections at most
 * @param defaultCharset character set of messages whose MSH-18 is empty
 */
@Validated
@ConfigurationProperties("isthmus.hl7-ingest.mllp")
public record MllpProperties(
        @Min(0) @Max(65535) int port,
        @NotBlank String bindAddress,
        @NotNull DataSize maxMessageSize,
        @NotNull Duration idleTimeout,
        @Min(1) int maxConnections,
        @NotBlank String defaultCharset) {}
