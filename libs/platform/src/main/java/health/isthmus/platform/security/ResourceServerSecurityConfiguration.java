package health.isthmus.platform.security;

import health.isthmus.platform.audit.SecurityAlerts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every service is an OAuth2 resource server: it validates the bearer token itself (signature with the
 * issuer's JWKS, issuer, audience {@code isthmus}, expiry, RS256 only) and maps the {@code roles} claim to
 * {@code ROLE_<role>} authorities. Only health, info and metrics are open. A token that cannot be verified because
 * the issuer's keys are out of reach is answered 503, not 500 ({@link TokenVerificationFailureHandler}). Each
 * request the chain refuses is recorded as a Security Alert first ({@link RefusalAudit}). A token verified once is
 * remembered until it expires ({@link VerifiedTokenCache}).
 */
@Configuration(proxyBeanMethods = false)
public class ResourceServerSecurityConfiguration {

    /** Wraps the token decoder Spring Boot builds from the {@code spring.security.oauth2.resourceserver} settings. */
    @Bean
    static BeanPostProcessor verifiedTokenCache() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokenCache.Remembering)
                        ? new VerifiedTokenCache(VerifiedTokenCache.DEFAULT_CAPACITY).around(decoder)
                        : bean;
            }
        };
    }

    @Bean
    SecurityFilterChain isthmusResourceServer(
            HttpSecurity http,
            ObjectProvider<HttpAuthorizationRules> serviceRules,
            ObjectProvider<SecurityAlerts> securityAlerts)
            throws Exception {
        RefusalAudit refusals = new RefusalAudit(securityAlerts.getIfAvailable());
        AuthenticationEntryPoint unauthorized = refusals.entryPoint(new BearerTokenAuthenticationEntryPoint());
        return http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers(
                                    "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                            .permitAll()
                            .requestMatchers("/error")
                            .permitAll();
                    serviceRules.orderedStream().forEach(rules -> rules.configure(requests));
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(refusals.accessDenied(new BearerTokenAccessDeniedHandler()))
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <F extends BearerTokenAuthenticationFilter> F postProcess(F filter) {
                                filter.setAuthenticationFailureHandler(
                                        new TokenVerificationFailureHandler(unauthorized, refusals));
                                return filter;
                            }
                        }))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
