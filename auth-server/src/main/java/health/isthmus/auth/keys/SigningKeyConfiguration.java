package health.isthmus.auth.keys;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import health.isthmus.auth.AuthProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Signs tokens with the persisted key and publishes its public half at {@code /oauth2/jwks}. */
@Configuration(proxyBeanMethods = false)
class SigningKeyConfiguration {

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthProperties properties) {
        var key = new SigningKeyStore(properties.keyDirectory()).loadOrCreate();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }
}
