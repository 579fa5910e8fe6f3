package health.isthmus.gateway.limits;

import health.isthmus.gateway.audit.RefusalAuditFilter;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Answers refused by the gateway itself, as RFC 9457 problem details. */
final class Problems {

    private Problems() {}

    /**
     * Writes a problem detail; title and detail are constant texts of the gateway (nothing from the request). The
     * detail is also the refusal's reason in its audit record.
     */
    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        exchange.getAttributes().put(RefusalAuditFilter.REFUSAL_REASON, detail);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String json = "{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
                + status.value() + ",\"detail\":\"" + detail + "\"}";
        DataBuffer body = response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}
