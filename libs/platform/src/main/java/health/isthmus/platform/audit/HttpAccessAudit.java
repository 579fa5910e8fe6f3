package health.isthmus.platform.audit;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Builds the audit record of one HTTP access: the requesting user is the authenticated token's subject with its
 * roles and the client's address, the destination is the answering service, the event type is the request's
 * method and path, and the correlation id is the request's.
 */
public final class HttpAccessAudit {

    private HttpAccessAudit() {}

    /**
     * The record of an access.
     *
     * @param sourceId the answering service, for example {@code patient-identity-service}
     * @param event the DCM event code ({@code AuditCodes.PATIENT_RECORD}, {@code AuditCodes.QUERY}...)
     * @param what the action in words, for example {@code search Patient}
     * @param outcomeDescription why it failed, when it did; never patient data
     * @param objects the patients, orders, queries concerned
     */
    public static AuditEventRecorded record(
            String sourceId,
            CodedValue event,
            String what,
            AuditAction action,
            AuditOutcome outcome,
            @Nullable String outcomeDescription,
            List<AuditObject> objects,
            HttpServletRequest request,
            Instant at) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        List<String> roles = user == null
                ? List.of()
                : user.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .toList();
        return new AuditEventRecorded(
                event,
                List.of(SecurityAudit.requestType(request.getMethod(), request.getRequestURI(), what)),
                action,
                at,
                outcome,
                outcomeDescription,
                List.of(
                        new AuditParticipant(
                                user == null ? "anonymous" : user.getName(),
                                null,
                                true,
                                request.getRemoteAddr(),
                                roles),
                        new AuditParticipant(sourceId, null, false, null, List.of("Destination"))),
                new AuditSource(sourceId, null),
                objects,
                MDC.get("correlationId"));
    }
}
