package health.isthmus.audit.trail;

import health.isthmus.events.audit.AuditAction;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A search of the trail; every criterion given must hold. Results come newest first (by time of the action).
 *
 * @param patient a patient identifier as recorded ({@code AUTH|VALUE}), its bare value, or an EUID
 * @param user a participant's user id (token subject, client id, AE title, HL7 sender)
 * @param action what was done
 * @param eventCode the DCM event id, for example {@code 110112}
 * @param correlationId the {@code X-Correlation-Id} of the request the record was made for
 * @param from actions at or after this instant
 * @param to actions at or before this instant
 * @param limit at most this many records
 * @param offset skip this many matching records first
 */
public record TrailQuery(
        @Nullable String patient,
        @Nullable String user,
        @Nullable AuditAction action,
        @Nullable String eventCode,
        @Nullable String correlationId,
        @Nullable Instant from,
        @Nullable Instant to,
        int limit,
        long offset) {}
