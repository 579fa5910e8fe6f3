package health.isthmus.hl7ingest.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The message store, under {@code isthmus.hl7-ingest.store}.
 *
 * @param encryption how raw messages are encrypted at rest
 * @param retention how long messages are kept; zero or absent keeps them forever. A message purged by
 *     retention is no longer recognised as a duplicate if its sender resends it.
 * @param retentionBatchSize how many messages one purge transaction deletes at most
 */
@Validated
@ConfigurationProperties("isthmus.hl7-ingest.store")
public record StoreProperties(
        Encryption encryption,
        @Nullable Duration retention,
        @Nullable Integer retentionBatchSize) {

    public StoreProperties {
        encryption = encryption == null ? new Encryption(null, null, null, null) : encryption;
        retentionBatchSize = retentionBatchSize == null ? 1000 : retentionBatchSize;
    }

    /** Whether messages older than {@link #retention} are purged. */
    public boolean purges() {
        return retention != null && !retention.isZero() && !retention.isNegative();
    }

    /**
     * AES-256-GCM keys. The key comes from the environment ({@code ISTHMUS_HL7_STORE_KEY}, 32 bytes in
     * base64); without one, a {@code key-file} (standalone mode) is read, or created on first start.
     *
     * @param key the active key, base64
     * @param keyId the active key's id, written with every message so keys can be rotated
     * @param previousKeys retired keys by id, still used to read messages written under them
     * @param keyFile where a generated key is kept when no key is given (development only)
     */
    public record Encryption(
            @Nullable String key,
            @Nullable String keyId,
            @Nullable Map<String, String> previousKeys,
            @Nullable Path keyFile) {

        public Encryption {
            keyId = keyId == null || keyId.isBlank() ? "k1" : keyId;
            previousKeys = previousKeys == null ? Map.of() : Map.copyOf(previousKeys);
        }
    }
}
