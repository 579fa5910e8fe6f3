package health.isthmus.mpi.registry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Registry configuration under {@code isthmus.mpi}.
 *
 * @param retiredIdentifierPolicy what an event naming a retired identifier does (default {@code redirect})
 * @param reviewOnUpdate whether an update that makes a record look like another identity's person opens a review
 *     task (default true; updates never link automatically)
 */
@ConfigurationProperties("isthmus.mpi")
public record RegistryProperties(
        @Nullable RetiredIdentifierPolicy retiredIdentifierPolicy,
        @Nullable Boolean reviewOnUpdate) {

    public RetiredIdentifierPolicy policy() {
        return retiredIdentifierPolicy == null ? RetiredIdentifierPolicy.REDIRECT : retiredIdentifierPolicy;
    }

    public boolean reviewsUpdates() {
        return reviewOnUpdate == null || reviewOnUpdate;
    }
}
