package health.isthmus.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per-client rate limit, in memory (one gateway instance's view; several instances each allow the configured rate):
 * a request beyond the client's bucket gets 429 with {@code Retry-After}. Requests without a token are not counted;
 * Spring Security has answered those with 401 already, or they go to open paths (health).
 */
@Component
public class RateLimitFilter implements WebFilter, Ordered {

    private final RateLimits limits;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimitFilter(RateLimits limits) {
        this.limits = limits;
        this.nanoTime = System::nanoTime;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!limits.enabled()) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(RateLimitFilter::clientOf)
                .defaultIfEmpty("")
                .flatMap(client -> {
                    if (client.isEmpty()) {
                        return chain.filter(exchange);
                    }
                    TokenBucket bucket = buckets.computeIfAbsent(
                            client, key -> new TokenBucket(limits.burst(), limits.requestsPerSecond(), nanoTime));
                    long waitSeconds = bucket.tryTake();
                    if (waitSeconds == 0) {
                        return chain.filter(exchange);
                    }
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(waitSeconds));
                    return Problems.write(
                            exchange,
                            HttpStatus.TOO_MANY_REQUESTS,
                            "This client sent more requests than its rate limit allows; retry after the time given in Retry-After.");
                });
    }

    private static String clientOf(Object principal) {
        if (principal instanceof JwtAuthenticationToken token) {
            for (String claim : new String[] {"azp", "client_id", "sub"}) {
                @Nullable String value = token.getToken().getClaimAsString(claim);
                if (value != null && !value.isBlank()) {
                    return value;
                }
            }
        }
        return "";
    }

    @Override
    public int getOrder() {
        return RequestSizeLimitFilter.ORDER - 1;
    }

    /** A token bucket: {@code capacity} requests at once, refilled at {@code perSecond}. */
    static final class TokenBucket {

        private final double capacity;
        private final double perNano;
        private final LongSupplier nanoTime;
        private double tokens;
        private long refilledAt;

        TokenBucket(int capacity, double perSecond, LongSupplier nanoTime) {
            this.capacity = capacity;
            this.perNano = perSecond / 1_000_000_000d;
            this.nanoTime = nanoTime;
            this.tokens = capacity;
            this.refilledAt = nanoTime.getAsLong();
        }

        /** Takes one request's token: 0 when granted, otherwise the whole seconds until one is available (>= 1). */
        synchronized long tryTake() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            double nanosToWait = (1 - tokens) / perNano;
            return Math.max(1, (long) Math.ceil(nanosToWait / 1_000_000_000d));
        }
    }
}
