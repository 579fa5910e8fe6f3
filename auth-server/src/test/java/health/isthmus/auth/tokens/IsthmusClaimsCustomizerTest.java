package health.isthmus.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.auth.AuthProperties;
import health.isthmus.auth.GrantType;
import health.isthmus.auth.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

class IsthmusClaimsCustomizerTest {

    private static final AuthProperties.Client SITE_CLIENT = new AuthProperties.Client(
            "ris-genhosp",
            "secret",
            List.of(Role.INTEGRATION),
            List.of("GENHOSP"),
            List.of(GrantType.CLIENT_CREDENTIALS),
            List.of(),
            List.of(),
            false);
    private static final AuthProperties.Client VIEWER = new AuthProperties.Client(
            "viewer",
            null,
            List.of(),
            List.of(),
            List.of(GrantType.AUTHORIZATION_CODE),
            List.of("http://localhost:3000/callback"),
            List.of("openid"),
            true);
    private static final AuthProperties.User RADIOLOGIST =
            new AuthProperties.User("radiologist", "pw", List.of(Role.RADIOLOGIST), List.of("GENHOSP", "NORTHCLINIC"));
    private static final AuthProperties.User ADMIN =
            new AuthProperties.User("admin", "pw", List.of(Role.ADMIN), List.of());

    private final IsthmusClaimsCustomizer customizer = new IsthmusClaimsCustomizer(new AuthProperties(
            "http://localhost:9000",
            Duration.ofHours(1),
            Path.of("unused"),
            List.of(),
            List.of(SITE_CLIENT, VIEWER),
            List.of(RADIOLOGIST, ADMIN)));

    @Test
    void clientCredentialsTokenCarriesTheClientsRolesSitesAndTheIsthmusAudience() {
        RegisteredClient client = registered("ris-genhosp", AuthorizationGrantType.CLIENT_CREDENTIALS);
        var context = context(
                client,
                clientPrincipal(client),
                AuthorizationGrantType.CLIENT_CREDENTIALS,
                OAuth2TokenType.ACCESS_TOKEN);

        customizer.customize(context);

        JwtClaimsSet claims = context.getClaims().build();
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("ris-genhosp", "isthmus");
        assertThat(claims.<List<String>>getClaim("roles")).containsExactly("integration");
        assertThat(claims.<List<String>>getClaim("sites")).containsExactly("GENHOSP");
    }

    @Test
    void authorizationCodeTokenCarriesTheSignedInUsersRolesAndSites() {
        RegisteredClient viewer = registered("viewer", AuthorizationGrantType.AUTHORIZATION_CODE);
        var context = context(
                viewer, user("radiologist"), AuthorizationGrantType.AUTHORIZATION_CODE, OAuth2TokenType.ACCESS_TOKEN);

        customizer.customize(context);

        JwtClaimsSet claims = context.getClaims().build();
        assertThat(claims.<List<String>>getClaim("roles")).containsExactly("radiologist");
        assertThat(claims.<List<String>>getClaim("sites")).containsExactly("GENHOSP", "NORTHCLINIC");
        assertThat(claims.getAudience()).containsExactlyInAnyOrder("viewer", "isthmus");
    }

    @Test
    void userWithoutSitesGetsNoSitesClaim() {
        RegisteredClient viewer = registered("viewer", AuthorizationGrantType.REFRESH_TOKEN);
        var context =
                context(viewer, user("admin"), AuthorizationGrantType.REFRESH_TOKEN, OAuth2TokenType.ACCESS_TOKEN);

        customizer.customize(context);

        JwtClaimsSet claims = context.getClaims().build();
        assertThat(claims.<List<String>>getClaim("roles")).containsExactly("admin");
        assertThat(claims.hasClaim("sites")).isFalse();
    }

    @Test
    void userNoLongerConfiguredGetsNoRoles() {
        RegisteredClient viewer = registered("viewer", AuthorizationGrantType.REFRESH_TOKEN);
        var context = context(
                viewer, user("removed-user"), AuthorizationGrantType.REFRESH_TOKEN, OAuth2TokenType.ACCESS_TOKEN);

        customizer.customize(context);

        assertThat(context.getClaims().build().<List<String>>getClaim("roles")).isEmpty();
    }

    @Test
    void idTokenIsLeftAsTheProtocolDefinesIt() {
        RegisteredClient viewer = registered("viewer", AuthorizationGrantType.AUTHORIZATION_CODE);
        var context = context(
                viewer,
                user("radiologist"),
                AuthorizationGrantType.AUTHORIZATION_CODE,
                new OAuth2TokenType(OidcParameterNames.ID_TOKEN));

        customizer.customize(context);

        JwtClaimsSet claims = context.getClaims().build();
        assertThat(claims.getAudience()).containsExactly("viewer");
        assertThat(claims.hasClaim("roles")).isFalse();
    }

    private static JwtEncodingContext context(
            RegisteredClient client,
            Authentication principal,
            AuthorizationGrantType grantType,
            OAuth2TokenType tokenType) {
        return JwtEncodingContext.with(
                        JwsHeader.with(SignatureAlgorithm.RS256),
                        JwtClaimsSet.builder().subject(principal.getName()).audience(List.of(client.getClientId())))
                .registeredClient(client)
                .principal(principal)
                .authorizationGrantType(grantType)
                .tokenType(tokenType)
                .build();
    }

    private static RegisteredClient registered(String clientId, AuthorizationGrantType grantType) {
        return RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(grantType)
                .redirectUri("http://localhost:3000/callback")
                .build();
    }

    private static Authentication clientPrincipal(RegisteredClient client) {
        return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
    }

    private static Authentication user(String username) {
        return UsernamePasswordAuthenticationToken.authenticated(username, null, List.of());
    }
}
