package health.isthmus.platform.security;

import health.isthmus.platform.audit.SecurityAlerts;
import health.isthmus.platform.audit.SecurityAudit;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Records a Security Alert for each request the service's own security chain refuses (401, 403, and 503 when a
 * token cannot be verified), before the usual answer is written: one record per refused request. A request that
 * reaches the service through the gateway was already let through there, so such a refusal means a caller went
 * around the gateway or a service rule is stricter than the gateway's matrix; both are worth an auditor's eye.
 * A failure to record is logged and does not change the answer.
 */
final class RefusalAudit {

    private static final Logger log = LoggerFactory.getLogger(RefusalAudit.class);

    private final @Nullable SecurityAlerts alerts;

    RefusalAudit(@Nullable SecurityAlerts alerts) {
        this.alerts = alerts;
    }

    void refused(HttpServletRequest request, int status, String reason) {
        if (alerts == null) {
            return;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        String user = caller == null || !caller.isAuthenticated() || caller.getName() == null
                ? SecurityAudit.ANONYMOUS
                : caller.getName();
        try {
            alerts.requestRefused(
                    request.getMethod(),
                    request.getRequestURI(),
                    user,
                    request.getRemoteAddr(),
                    status,
                    reason,
                    MDC.get("correlationId"));
        } catch (RuntimeException e) {
            log.warn("the refusal of a request could not be audited: {}", e.toString());
        }
    }

    /** The entry point answering a request without a usable token, recording it first. */
    AuthenticationEntryPoint entryPoint(AuthenticationEntryPoint answer) {
        return (request, response, failure) -> {
            refused(request, 401, "Unauthorized");
            answer.commence(request, response, failure);
        };
    }

    /** The handler answering a caller without the role, recording it first. */
    AccessDeniedHandler accessDenied(AccessDeniedHandler answer) {
        return (request, response, denied) -> {
            refused(request, 403, "Forbidden");
            answer.handle(request, response, denied);
        };
    }
}
