package health.isthmus.gateway;

import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Correlation-Id} (the caller's, if well-formed), passed to the service and returned
 * to the caller, so one request can be followed through logs, events and audit. It runs first, ahead of Spring
 * Security, so requests the gateway refuses itself carry their id too (and their audit records name it).
 */
@Component
public class CorrelationIdFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String correlationId = correlationIdOf(exchange.getRequest());
        exchange.getResponse().getHeaders().set(HEADER, correlationId);
        ServerWebExchange withId = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(HEADER, correlationId)))
                .build();
        return chain.filter(withId);
    }

    /** The caller's correlation id if well-formed, otherwise a new one. */
    static String correlationIdOf(ServerHttpRequest request) {
        String incoming = request.getHeaders().getFirst(HEADER);
        return incoming != null && ACCEPTABLE.matcher(incoming).matches()
                ? incoming
                : UUID.randomUUID().toString();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
