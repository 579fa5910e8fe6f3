package health.isthmus.auth.security;

import health.isthmus.platform.audit.SecurityAudit;
import health.isthmus.platform.direct.BufferedEventPublisher;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureProviderNotFoundEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Logs who authenticated and who failed: the client id or username and the OAuth2 error code, never a secret,
 * password or token. Each client authentication (token request) and each user sign-in, succeeded or failed, is also
 * an audit record (User Authentication 110114, Login 110122) sent straight to Kafka when the publisher is on.
 */
@Component
class AuthenticationEventLogger {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationEventLogger.class);
    private static final String SOURCE = "auth-server";

    private final ObjectProvider<BufferedEventPublisher> audit;
    private final Clock clock = Clock.systemUTC();

    AuthenticationEventLogger(ObjectProvider<BufferedEventPublisher> audit) {
        this.audit = audit;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        Authentication authentication = event.getAuthentication();
        if (authentication instanceof OAuth2ClientAuthenticationToken client) {
            log.info(
                    "Client {} authenticated ({})",
                    client.getName(),
                    client.getClientAuthenticationMethod().getValue());
            record(client.getName(), null);
        } else if (authentication instanceof UsernamePasswordAuthenticationToken) {
            log.info("User {} signed in", authentication.getName());
            record(authentication.getName(), null);
        } else {
            log.debug(
                    "Authenticated {} ({})",
                    authentication.getName(),
                    authentication.getClass().getSimpleName());
        }
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        if (event instanceof AuthenticationFailureProviderNotFoundEvent) {
            // a manager without a provider for this kind of request; the one that has one reports the outcome
            return;
        }
        Authentication authentication = event.getAuthentication();
        String reason = reason(event.getException());
        if (authentication instanceof OAuth2ClientAuthenticationToken) {
            log.info("Client {} failed to authenticate: {}", authentication.getName(), reason);
            record(authentication.getName(), reason);
        } else if (authentication instanceof UsernamePasswordAuthenticationToken) {
            log.info("User {} failed to sign in: {}", authentication.getName(), reason);
            record(authentication.getName(), reason);
        } else if (authentication.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) {
            // a grant request (authorization code, refresh token...) of an already authenticated client
            log.info(
                    "Client {} was refused a {}: {}",
                    client.getName(),
                    authentication.getClass().getSimpleName(),
                    reason);
            record(client.getName(), reason);
        } else {
            // the name of other tokens may be a credential (a bearer token's name is the token itself)
            log.info("Authentication failed ({}): {}", authentication.getClass().getSimpleName(), reason);
        }
    }

    /** The audit record of a login: who, from where, and the fixed reason of a failure; never a secret. */
    private void record(String user, @Nullable String failure) {
        BufferedEventPublisher publisher = audit.getIfAvailable();
        if (publisher == null) {
            return;
        }
        @Nullable String address = null;
        @Nullable String correlationId = null;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            address = request.getRequest().getRemoteAddr();
            correlationId = request.getRequest().getHeader("X-Correlation-Id");
        }
        publisher.publish(SecurityAudit.login(SOURCE, user, address, failure, clock.instant()), correlationId);
    }

    // OAuth2 error codes are fixed vocabulary; other messages may echo input, so only the type is logged
    private static String reason(AuthenticationException exception) {
        if (exception instanceof OAuth2AuthenticationException oauth2) {
            return oauth2.getError().getErrorCode();
        }
        return exception.getClass().getSimpleName();
    }
}
