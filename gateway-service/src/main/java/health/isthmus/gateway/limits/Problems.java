package health.isthmus.gateway.limits;

import health.isthmus.gateway.ProblemDetails;
import health.isthmus.gateway.audit.RefusalAuditFilter;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Refusals of the limit filters: a problem detail whose detail is also the refusal's reason in its audit record. */
final class Problems {

    private Problems() {}

    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        exchange.getAttributes().put(RefusalAuditFilter.REFUSAL_REASON, detail);
        return ProblemDetails.write(exchange, status, detail);
    }
}
