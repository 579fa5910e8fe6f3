package health.isthmus.platform.audit;

import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.common.CodedValue;
import health.isthmus.platform.outbox.EventPublisher;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes, through the service's outbox (a transaction of its own), the Security Alerts (110113) of what a
 * service refuses: DICOM associations and TLS handshakes (its network listeners call it on their connection threads,
 * after the refusal was answered), and HTTP requests its own security chain answers 401 or 403 (a caller that
 * bypassed the gateway, or a rule of the service stricter than the gateway's).
 */
public final class SecurityAlerts {

    private final String sourceId;
    private final EventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public SecurityAlerts(String sourceId, EventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.sourceId = sourceId;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * A DICOM association request answered with A-ASSOCIATE-RJ: the calling AE title is the requestor, the called
     * one the destination.
     */
    public void associationRefused(String callingAeTitle, String calledAeTitle, String address, String reason) {
        alert(
                List.of(AuditCodes.ASSOCIATION_REFUSED),
                callingAeTitle,
                address,
                calledAeTitle,
                "association rejected: " + reason,
                null);
    }

    /** A TLS handshake that failed, or a client certificate refused after it; the requestor is its address. */
    public void tlsHandshakeFailed(String address, String reason) {
        alert(List.of(AuditCodes.NODE_AUTHENTICATION), address, address, sourceId, "TLS refused: " + reason, null);
    }

    /**
     * An HTTP request this service refused itself.
     *
     * @param user the token's subject, or {@link SecurityAudit#ANONYMOUS} without a valid token
     * @param status 401, 403 or 503
     * @param reason why, in a fixed text; never patient data
     */
    public void requestRefused(
            String method,
            String path,
            String user,
            String address,
            int status,
            String reason,
            @Nullable String correlationId) {
        alert(
                List.of(
                        AuditCodes.USE_OF_RESTRICTED_FUNCTION,
                        SecurityAudit.requestType(method, path, status + " " + reason)),
                user,
                address,
                sourceId,
                status + " " + reason,
                correlationId);
    }

    private void alert(
            List<CodedValue> types,
            String requestor,
            String address,
            String destination,
            String reason,
            @Nullable String correlationId) {
        AuditEventRecorded record = SecurityAudit.alert(
                sourceId,
                types,
                SecurityAudit.requestor(requestor, null, address),
                destination,
                reason,
                correlationId,
                clock.instant());
        transactions.executeWithoutResult(status -> events.publish(record));
    }
}
