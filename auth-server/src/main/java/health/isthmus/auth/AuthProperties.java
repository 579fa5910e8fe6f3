package health.isthmus.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything the identity provider serves, bound from {@code isthmus.auth}: issuer, token lifetime, where the
 * signing key lives, the OAuth2 clients and the users of the login form.
 *
 * <p>Secrets and passwords without a <code>{id}</code> encoder prefix are taken as <code>{noop}</code> (plain
 * text); production configuration should supply <code>{bcrypt}</code> hashes from the environment.
 *
 * @param issuer the issuer URL written into tokens and discovery documents, for example {@code
 *     http://localhost:9000}
 * @param tokenTtl lifetime of access tokens
 * @param keyDirectory directory holding the persisted signing key, by default {@code
 *     ${ISTHMUS_DATA_DIR:./data}/auth-server}
 * @param allowedOriginPatterns browser origins allowed to call the token, JWKS and discovery endpoints (CORS),
 *     for example {@code http://localhost:[*]}; empty allows none
 * @param clients the registered OAuth2 clients; at least one
 * @param users the users who may sign in through the login form
 */
@Validated
@ConfigurationProperties("isthmus.auth")
public record AuthProperties(
        @NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String issuer,

        @DefaultValue("1h") @NotNull Duration tokenTtl,
        @NotNull Path keyDirectory,
        @DefaultValue List<@NotBlank String> allowedOriginPatterns,

        @DefaultValue
        @NotEmpty(message = "must name at least one client (the standalone profile ships development clients)")
        List<@Valid Client> clients,

        @DefaultValue List<@Valid User> users) {

    @AssertTrue(message = "client ids must be unique")
    public boolean isClientIdsUnique() {
        return clients.stream().map(Client::id).distinct().count() == clients.size();
    }

    @AssertTrue(message = "usernames must be unique")
    public boolean isUsernamesUnique() {
        return users.stream().map(User::username).distinct().count() == users.size();
    }

    /**
     * One OAuth2 client.
     *
     * @param id the client id
     * @param secret the client secret; required unless {@code publicClient}
     * @param roles roles put into tokens the client obtains for itself (client_credentials)
     * @param sites sites the client is limited to; empty means no {@code sites} claim
     * @param grantTypes the grant types the client may use
     * @param redirectUris where authorization codes may be sent
     * @param scopes scopes the client may request, for example {@code openid}
     * @param publicClient a browser or native client without a secret; it must use authorization code with PKCE
     */
    public record Client(
            @NotBlank String id,
            @Nullable String secret,
            @DefaultValue List<Role> roles,
            @DefaultValue List<@NotBlank String> sites,
            @DefaultValue @NotEmpty List<GrantType> grantTypes,
            @DefaultValue List<@NotBlank String> redirectUris,
            @DefaultValue List<@NotBlank String> scopes,
            boolean publicClient) {

        @AssertTrue(message = "a confidential client needs a secret, a public client must not have one")
        public boolean isSecretMatchingClientType() {
            return publicClient == (secret == null || secret.isBlank());
        }

        @AssertTrue(message = "a public client may only use authorization_code and refresh_token")
        public boolean isPublicClientWithoutClientCredentials() {
            return !publicClient || !grantTypes.contains(GrantType.CLIENT_CREDENTIALS);
        }

        @AssertTrue(message = "authorization_code needs at least one redirect URI")
        public boolean isRedirectUriPresentForAuthorizationCode() {
            return !grantTypes.contains(GrantType.AUTHORIZATION_CODE) || !redirectUris.isEmpty();
        }

        @Override
        public String toString() {
            return "Client[id=" + id + ", roles=" + roles + ", sites=" + sites + ", grantTypes=" + grantTypes
                    + ", publicClient=" + publicClient + "]";
        }
    }

    /**
     * One user of the login form (authorization code flow).
     *
     * @param username the login name, also the token subject
     * @param password the password
     * @param roles roles put into the user's access tokens
     * @param sites sites the user is limited to; empty means no {@code sites} claim
     */
    public record User(
            @NotBlank String username,
            @NotBlank String password,
            @DefaultValue List<Role> roles,
            @DefaultValue List<@NotBlank String> sites) {

        @Override
        public String toString() {
            return "User[username=" + username + ", roles=" + roles + ", sites=" + sites + "]";
        }
    }

    /**
     * Returns a secret or password in the form a {@code DelegatingPasswordEncoder} expects: unchanged when it
     * already starts with an encoder id such as <code>{bcrypt}</code>, otherwise prefixed with <code>{noop}</code>.
     */
    public static String withEncoderId(String secret) {
        int close = secret.indexOf('}');
        boolean hasId = secret.startsWith("{") && close > 1;
        return hasId ? secret : "{noop}" + secret;
    }
}
