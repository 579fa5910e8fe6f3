package health.isthmus.auth.clients;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.auth.AuthProperties;
import health.isthmus.auth.GrantType;
import health.isthmus.auth.Role;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

class RegisteredClientsTest {

    private static final Duration TTL = Duration.ofMinutes(15);

    @Test
    void plainSecretIsAcceptedAsIsAndEncodedSecretKeepsItsEncoder() {
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        String bcrypt = encoder.encode("s3cret");

        var plain = RegisteredClients.from(confidential("plain", "s3cret"), TTL);
        var hashed = RegisteredClients.from(confidential("hashed", bcrypt), TTL);

        assertThat(plain.getClientSecret()).isEqualTo("{noop}s3cret");
        assertThat(encoder.matches("s3cret", plain.getClientSecret())).isTrue();
        assertThat(hashed.getClientSecret()).isEqualTo(bcrypt);
        assertThat(encoder.matches("s3cret", hashed.getClientSecret())).isTrue();
    }

    @Test
    void confidentialClientUsesItsSecretAndTheConfiguredTokenLifetime() {
        var client = RegisteredClients.from(confidential("dev-clinician", "x"), TTL);

        assertThat(client.getClientAuthenticationMethods())
                .containsExactlyInAnyOrder(
                        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertThat(client.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
        assertThat(client.getTokenSettings().getAccessTokenTimeToLive()).isEqualTo(TTL);
    }

    @Test
    void publicClientHasNoSecretAndMustUsePkce() {
        var viewer = RegisteredClients.from(
                new AuthProperties.Client(
                        "isthmus-viewer",
                        null,
                        List.of(),
                        List.of(),
                        List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN),
                        List.of("http://localhost:3000/callback"),
                        List.of("openid", "profile"),
                        true),
                TTL);

        assertThat(viewer.getClientSecret()).isNull();
        assertThat(viewer.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
        assertThat(viewer.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(viewer.getClientSettings().isRequireAuthorizationConsent()).isFalse();
        assertThat(viewer.getRedirectUris()).containsExactly("http://localhost:3000/callback");
        assertThat(viewer.getScopes()).containsExactlyInAnyOrder("openid", "profile");
    }

    private static AuthProperties.Client confidential(String id, String secret) {
        return new AuthProperties.Client(
                id,
                secret,
                List.of(Role.CLINICIAN),
                List.of(),
                List.of(GrantType.CLIENT_CREDENTIALS),
                List.of(),
                List.of(),
                false);
    }
}
