package health.isthmus.gateway.tls;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The HTTPS listener: off by default; when on, it serves the same routes as the HTTP listener on {@code port} with
 * the key and certificate from {@code keyStore}, and the HTTP listener either stays ({@code STAY}) or answers every
 * request but health with a redirect to HTTPS ({@code REDIRECT}).
 */
@Validated
@ConfigurationProperties("isthmus.gateway.tls")
public record TlsSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("8443") int port,
        @DefaultValue("") String keyStore,
        @DefaultValue("") String keyStorePassword,
        @DefaultValue("PKCS12") String keyStoreType,
        @DefaultValue("stay") HttpMode http) {

    public TlsSettings {
        if (enabled && keyStore.isBlank()) {
            throw new IllegalArgumentException(
                    "isthmus.gateway.tls.key-store (ISTHMUS_GATEWAY_TLS_KEYSTORE) is needed when TLS is enabled");
        }
    }

    /** What the plain HTTP listener does while HTTPS is on. */
    public enum HttpMode {
        STAY,
        REDIRECT
    }
}
