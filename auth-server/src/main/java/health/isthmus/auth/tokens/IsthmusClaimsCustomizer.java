package health.isthmus.auth.tokens;

import health.isthmus.auth.AuthProperties;
import health.isthmus.auth.Role;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Adds the Isthmus claims to every JWT access token: {@code roles} (the client's own roles for client_credentials,
 * otherwise the signed-in user's), {@code sites} when the client or user is limited to sites, and the audience
 * {@value #AUDIENCE} next to the client id, which every resource server requires.
 *
 * <p>Roles are read from configuration at issue time, so a refresh after a configuration change yields current
 * roles; a user no longer configured gets no roles.
 */
@Component
class IsthmusClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String AUDIENCE = "isthmus";
    static final String ROLES_CLAIM = "roles";
    static final String SITES_CLAIM = "sites";

    private final Map<String, AuthProperties.Client> clients;
    private final Map<String, AuthProperties.User> users;

    IsthmusClaimsCustomizer(AuthProperties properties) {
        this.clients = properties.clients().stream()
                .collect(Collectors.toUnmodifiableMap(AuthProperties.Client::id, Function.identity()));
        this.users = properties.users().stream()
                .collect(Collectors.toUnmodifiableMap(AuthProperties.User::username, Function.identity()));
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        String clientId = context.getRegisteredClient().getClientId();
        List<Role> roles;
        List<String> sites;
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            var client = clients.get(clientId);
            roles = client == null ? List.of() : client.roles();
            sites = client == null ? List.of() : client.sites();
        } else {
            var user = users.get(context.getPrincipal().getName());
            roles = user == null ? List.of() : user.roles();
            sites = user == null ? List.of() : user.sites();
        }
        var claims = context.getClaims();
        claims.audience(List.of(clientId, AUDIENCE));
        claims.claim(ROLES_CLAIM, roles.stream().map(Role::claimValue).toList());
        if (!sites.isEmpty()) {
            claims.claim(SITES_CLAIM, List.copyOf(sites));
        }
    }
}
