package health.isthmus.auth.clients;

import health.isthmus.auth.AuthProperties;
import health.isthmus.auth.GrantType;
import java.time.Duration;
import java.util.List;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Turns configured clients into Spring Authorization Server registrations.
 *
 * <p>Confidential clients authenticate with {@code client_secret_basic} or {@code client_secret_post}; public
 * clients authenticate with nothing but PKCE. Every client that uses the authorization code grant must send PKCE
 * (OAuth 2.1), and no consent screen is shown because all clients are first-party.
 */
final class RegisteredClients {

    private RegisteredClients() {}

    static List<RegisteredClient> from(AuthProperties properties) {
        return properties.clients().stream()
                .map(client -> from(client, properties.tokenTtl()))
                .toList();
    }

    static RegisteredClient from(AuthProperties.Client client, Duration tokenTtl) {
        var builder = RegisteredClient.withId(client.id()).clientId(client.id());
        String secret = client.secret();
        if (client.publicClient() || secret == null) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(AuthProperties.withEncoderId(secret))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        client.grantTypes().forEach(grantType -> builder.authorizationGrantType(toSpring(grantType)));
        client.redirectUris().forEach(builder::redirectUri);
        client.scopes().forEach(builder::scope);
        return builder.clientSettings(ClientSettings.builder()
                        .requireProofKey(client.grantTypes().contains(GrantType.AUTHORIZATION_CODE))
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(
                        TokenSettings.builder().accessTokenTimeToLive(tokenTtl).build())
                .build();
    }

    private static AuthorizationGrantType toSpring(GrantType grantType) {
        return switch (grantType) {
            case CLIENT_CREDENTIALS -> AuthorizationGrantType.CLIENT_CREDENTIALS;
            case AUTHORIZATION_CODE -> AuthorizationGrantType.AUTHORIZATION_CODE;
            case REFRESH_TOKEN -> AuthorizationGrantType.REFRESH_TOKEN;
        };
    }
}
