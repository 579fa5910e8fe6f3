package health.isthmus.hl7ingest.store;

import health.isthmus.platform.security.SiteScope;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Criteria of a message store search; null criteria are not applied.
 *
 * @param controlId MSH-10
 * @param sendingApplication MSH-3
 * @param sendingFacility MSH-4
 * @param triggerEvent MSH-9.2
 * @param patient {@code <authority>|<identifier>}, or an identifier of any authority
 * @param from received at or after
 * @param to received before
 * @param sites the sites whose messages may match (a message of no known site: only for a global scope)
 * @param limit at most this many results
 */
public record MessageSearch(
        @Nullable String controlId,
        @Nullable String sendingApplication,
        @Nullable String sendingFacility,
        @Nullable String triggerEvent,
        @Nullable String patient,
        @Nullable Instant from,
        @Nullable Instant to,
        SiteScope sites,
        int limit) {}
