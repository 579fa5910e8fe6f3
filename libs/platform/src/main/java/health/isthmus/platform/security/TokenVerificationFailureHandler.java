package health.isthmus.platform.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * What a caller gets when its bearer token is not accepted: 401 with {@code WWW-Authenticate} when the token is
 * bad (expired, wrong audience or issuer, bad signature), but 503 with {@code Retry-After} and a problem detail when
 * the service could not verify it at all (the issuer's key set did not answer), since the token may well be good and
 * the caller should try again rather than sign in again. Spring Security's default answers the latter with 500.
 */
final class TokenVerificationFailureHandler implements AuthenticationFailureHandler {

    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(TokenVerificationFailureHandler.class);

    private final AuthenticationEntryPoint badToken;
    private final RefusalAudit refusals;

    /**
     * @param badToken answers (and records) a bad token: 401
     * @param refusals records a token that could not be verified
     */
    TokenVerificationFailureHandler(AuthenticationEntryPoint badToken, RefusalAudit refusals) {
        this.badToken = badToken;
        this.refusals = refusals;
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException, ServletException {
        if (!(failure instanceof AuthenticationServiceException)) {
            badToken.commence(request, response, failure);
            return;
        }
        log.warn("bearer token not verifiable now, answered 503: {}", failure.getMessage());
        refusals.refused(request, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable");
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("""
                        {"type":"about:blank","title":"Service Unavailable","status":503,\
                        "detail":"The access token could not be verified now (the identity provider's keys are \
                        out of reach); try again shortly.","instance":"%s"}""".formatted(
                        request.getRequestURI().replace("\\", "\\\\").replace("\"", "\\\"")));
    }
}
