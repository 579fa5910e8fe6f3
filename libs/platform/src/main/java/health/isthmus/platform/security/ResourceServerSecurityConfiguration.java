package health.isthmus.platform.security;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every service is an OAuth2 resource server: it validates the bearer token itself (signature with the
 * issuer's JWKS, issuer, audience {@code isthmus}, expiry, RS256 only) and maps the {@code roles} claim to
 * {@code ROLE_<role>} authorities. Only health, info and metrics are open.
 */
@Configuration(proxyBeanMethods = false)
public class ResourceServerSecurityConfiguration {

    @Bean
    SecurityFilterChain isthmusResourceServer(HttpSecurity http, ObjectProvider<HttpAuthorizationRules> serviceRules)
            throws Exception {
        return http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers(
                                    "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                            .permitAll()
                            .requestMatchers("/error")
                            .permitAll();
                    serviceRules.orderedStream().forEach(rules -> rules.configure(requests));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
