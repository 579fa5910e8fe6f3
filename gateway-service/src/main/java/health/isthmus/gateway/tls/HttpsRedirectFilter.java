package health.isthmus.gateway.tls;

import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * With TLS on and {@code isthmus.gateway.tls.http=redirect}, the HTTP listener answers every request except health
 * and metrics with 308 to the same URL over HTTPS (308 keeps method and body), before any token is looked at.
 */
@Component
public class HttpsRedirectFilter implements WebFilter, Ordered {

    private final TlsSettings settings;
    private final ObjectProvider<TlsListener> listener;

    public HttpsRedirectFilter(TlsSettings settings, ObjectProvider<TlsListener> listener) {
        this.settings = settings;
        this.listener = listener;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        URI uri = exchange.getRequest().getURI();
        TlsListener tls = listener.getIfAvailable();
        if (tls == null
                || settings.http() != TlsSettings.HttpMode.REDIRECT
                || "https".equals(uri.getScheme())
                || exchange.getRequest().getPath().value().startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        URI target = UriComponentsBuilder.fromUri(uri)
                .scheme("https")
                .port(tls.port())
                .build(true)
                .toUri();
        exchange.getResponse().setStatusCode(HttpStatus.PERMANENT_REDIRECT);
        exchange.getResponse().getHeaders().setLocation(target);
        return exchange.getResponse().setComplete();
    }

    @Override
    public int getOrder() {
        // before Spring Security (-100): a caller on HTTP is sent to HTTPS whether or not its token is valid
        return -200;
    }
}
