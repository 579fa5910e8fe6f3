package health.isthmus.platform.audit;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the audit records of security events that concern no patient: logins (User Authentication, 110114) and
 * refusals (Security Alert, 110113). Each names the requestor (a token subject, client id, username, AE title or
 * {@code anonymous}) with its address and the destination that refused or authenticated it; none carries objects.
 */
public final class SecurityAudit {

    /** The requestor of a request whose caller is not known (no token, or one that failed validation). */
    public static final String ANONYMOUS = "anonymous";

    private SecurityAudit() {}

    /**
     * A login or token request: succeeded when {@code failure} is null, otherwise failed for that reason.
     *
     * @param user the username or client id the request named; never a secret
     * @param failure a fixed error code such as {@code invalid_client}; never input or a secret
     */
    public static AuditEventRecorded login(
            String sourceId, String user, @Nullable String address, @Nullable String failure, Instant at) {
        return new AuditEventRecorded(
                AuditCodes.USER_AUTHENTICATION,
                List.of(AuditCodes.LOGIN),
                AuditAction.E,
                at,
                failure == null ? AuditOutcome.SUCCESS : AuditOutcome.SERIOUS_FAILURE,
                failure,
                List.of(requestor(user, null, address), destination(sourceId)),
                new AuditSource(sourceId, null),
                List.of(),
                null);
    }

    /**
     * A security alert: a request, association or connection that was refused, or a burst of them.
     *
     * @param eventTypes what was refused, for example {@link AuditCodes#USE_OF_RESTRICTED_FUNCTION} and the HTTP
     *     method and path
     * @param requestor who asked: a token subject, an AE title, or {@link #ANONYMOUS}, see {@link #requestor}
     * @param destination what refused it: the service, or the called AE title
     * @param reason why, in a fixed text with the status; never patient data
     */
    public static AuditEventRecorded alert(
            String sourceId,
            List<CodedValue> eventTypes,
            AuditParticipant requestor,
            String destination,
            String reason,
            @Nullable String correlationId,
            Instant at) {
        return new AuditEventRecorded(
                AuditCodes.SECURITY_ALERT,
                eventTypes,
                AuditAction.E,
                at,
                AuditOutcome.SERIOUS_FAILURE,
                reason,
                List.of(requestor, destination(destination)),
                new AuditSource(sourceId, null),
                List.of(),
                correlationId);
    }

    /**
     * The event type naming an HTTP request: code {@code <METHOD> <path>}, system {@code HTTP} (here, not beside the
     * servlet-based {@link HttpAccessAudit}, so that the reactive gateway can use it too).
     */
    public static CodedValue requestType(String method, String path, @Nullable String meaning) {
        return new CodedValue(method + " " + path, meaning, "HTTP");
    }

    /**
     * The participant who asked.
     *
     * @param id a token subject, username, client id, AE title, or {@link #ANONYMOUS}
     * @param name a second name, such as the client a token subject used
     * @param address the address it called from
     */
    public static AuditParticipant requestor(String id, @Nullable String name, @Nullable String address) {
        return new AuditParticipant(id, name, true, address, List.of());
    }

    private static AuditParticipant destination(String id) {
        return new AuditParticipant(id, null, false, null, List.of("Destination"));
    }
}
