package health.isthmus.gateway;

import health.isthmus.gateway.access.AccessMatrix;
import health.isthmus.gateway.audit.CallerCapture;
import health.isthmus.platform.security.VerifiedTokenCache;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerWebExchangeDelegatingServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import reactor.core.publisher.Mono;

/**
 * The gateway validates every token before routing (signature, issuer, audience {@code isthmus}, expiry,
 * RS256) and relays it unchanged; each service validates it again. Only health is open. Roles are checked against
 * the {@link AccessMatrix} (defence in depth: the services check them again), and every response carries the
 * security headers. A token verified once is remembered until it expires ({@link VerifiedTokenCache}, ADR 0012).
 */
@Configuration(proxyBeanMethods = false)
public class GatewaySecurityConfiguration {

    /** Responses of the admin REST and FHIR APIs hold patient data: no cache may keep them. */
    private static final ServerHttpHeadersWriter NO_STORE_FOR_APIS =
            new ServerWebExchangeDelegatingServerHttpHeadersWriter(
                    ServerWebExchangeMatchers.pathMatchers("/api/**", "/fhir/**"), exchange -> {
                        exchange.getResponse().getHeaders().setCacheControl("no-store");
                        return Mono.empty();
                    });

    /** The gateway answers JSON, FHIR and DICOM, never pages: nothing may run, load or frame from its responses. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** Wraps the token decoder Spring Boot builds from the {@code spring.security.oauth2.resourceserver} settings. */
    @Bean
    static BeanPostProcessor verifiedTokenCache() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ReactiveJwtDecoder decoder && !(bean instanceof RememberingDecoder)
                        ? new RememberingDecoder(decoder, new VerifiedTokenCache(VerifiedTokenCache.DEFAULT_CAPACITY))
                        : bean;
            }
        };
    }

    /** Asks the full decoder only for tokens not verified before (or no longer in their time window). */
    record RememberingDecoder(ReactiveJwtDecoder decoder, VerifiedTokenCache cache) implements ReactiveJwtDecoder {

        @Override
        public Mono<Jwt> decode(String token) {
            Jwt known = cache.remembered(token);
            return known != null ? Mono.just(known) : decoder.decode(token).doOnNext(jwt -> cache.remember(token, jwt));
        }
    }

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http) {
        return http.authorizeExchange(exchanges -> AccessMatrix.apply(exchanges
                                .pathMatchers(
                                        "/actuator/health",
                                        "/actuator/health/**",
                                        "/actuator/info",
                                        "/actuator/prometheus")
                                .permitAll()
                                .pathMatchers(HttpMethod.OPTIONS, "/**")
                                .permitAll())
                        .anyExchange()
                        .authenticated())
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()))
                // the caller, for the audit record of a refusal (see RefusalAuditFilter)
                .addFilterBefore(new CallerCapture(), SecurityWebFiltersOrder.AUTHORIZATION)
                .cors(Customizer.withDefaults())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                // stateless: no web session is looked for or created per request (the default repository and request
                // cache would create one each time, and hop threads to do it)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                // nosniff, X-Frame-Options DENY and HSTS (written on https requests only) are Spring Security's
                // defaults; its Cache-Control would also hit /dicomweb, whose WADO responses revalidate by ETag
                .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable)
                        .hsts(hsts -> hsts.maxAge(Duration.ofDays(365)).includeSubdomains(true))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .writer(NO_STORE_FOR_APIS))
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
