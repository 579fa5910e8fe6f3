package health.isthmus.auth;

/** The OAuth2 grant types a configured client may use; bound from {@code client_credentials} and so on. */
public enum GrantType {
    CLIENT_CREDENTIALS,
    AUTHORIZATION_CODE,
    REFRESH_TOKEN
}
