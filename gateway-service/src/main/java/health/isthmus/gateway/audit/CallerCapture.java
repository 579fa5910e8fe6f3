package health.isthmus.gateway.audit;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Runs inside Spring Security's chain between authentication and authorization, and leaves the caller its token
 * names in the exchange for {@link RefusalAuditFilter}, which runs outside that chain and so cannot ask for it.
 */
public final class CallerCapture implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal()
                .doOnNext(principal -> {
                    if (principal instanceof JwtAuthenticationToken token) {
                        @Nullable String client = token.getToken().getClaimAsString("azp");
                        exchange.getAttributes()
                                .put(
                                        RefusalAuditFilter.CALLER,
                                        new RefusalAuditFilter.Caller(
                                                token.getName(),
                                                client == null
                                                        ? token.getToken().getClaimAsString("client_id")
                                                        : client));
                    }
                })
                .then(chain.filter(exchange));
    }
}
