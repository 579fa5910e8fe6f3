package health.isthmus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;

class TokenVerificationFailureHandlerTest {

    private final TokenVerificationFailureHandler handler =
            new TokenVerificationFailureHandler(new BearerTokenAuthenticationEntryPoint(), new RefusalAudit(null));

    @Test
    void aTokenThatCannotBeVerifiedForWantOfTheIssuersKeysIs503WithRetryAfterAndAProblemDetail() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.onAuthenticationFailure(
                request,
                response,
                new AuthenticationServiceException(
                        "An error occurred while attempting to decode the Jwt: Couldn't retrieve remote JWK set"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString())
                .contains("\"status\":503", "\"instance\":\"/fhir/Patient\"", "try again shortly")
                .doesNotContain("JWK set", "Exception");
    }

    @Test
    void aBadTokenStays401WithWwwAuthenticate() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.onAuthenticationFailure(
                new MockHttpServletRequest("GET", "/fhir/Patient"),
                response,
                new InvalidBearerTokenException("Jwt expired at 2026-12-03T10:00:00Z"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
    }
}
