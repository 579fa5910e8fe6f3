package health.isthmus.gateway;

import java.util.List;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The gateway validates every token before routing (signature, issuer, audience {@code isthmus}, expiry,
 * RS256) and relays it unchanged; each service validates it again. Only health is open.
 */
@Configuration(proxyBeanMethods = false)
public class GatewaySecurityConfiguration {

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> exchanges
                        .pathMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .pathMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .cors(Customizer.withDefaults())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    /** Browser viewers on the configured origins may call with the Authorization header. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(Environment environment) {
        // bound as a list (@Value would not see a YAML list's items)
        List<String> allowedOriginPatterns = Binder.get(environment)
                .bind("isthmus.gateway.cors.allowed-origin-patterns", Bindable.listOf(String.class))
                .orElse(List.of());
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(allowedOriginPatterns);
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        // DICOMweb viewers revalidate with If-None-Match and read ETag and QIDO's Warning (result capped)
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "X-Correlation-Id", "If-None-Match"));
        cors.setExposedHeaders(List.of("X-Correlation-Id", "Location", "Content-Location", "ETag", "Warning"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
