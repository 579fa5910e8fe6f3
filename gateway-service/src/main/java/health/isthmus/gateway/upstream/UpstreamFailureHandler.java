package health.isthmus.gateway.upstream;

import health.isthmus.gateway.CorrelationIdFilter;
import health.isthmus.gateway.ProblemDetails;
import java.net.ConnectException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Answers every error that reaches the top of the gateway with a problem detail instead of Spring Boot's error JSON:
 * a service that refuses the connection or does not take it within the connect timeout 503, one that has not begun
 * to answer within the response timeout 504, one that closes the connection before answering 502, a path no route
 * serves 404; anything else 500. The detail is a constant text, the log line (WARN for the services' failures) names
 * the route and the correlation id but not the path, which may carry patient identifiers. It runs ahead of Boot's
 * error handler (order -1).
 */
@Component
public class UpstreamFailureHandler implements WebExceptionHandler, Ordered {

    private static final String UNAVAILABLE = "The service behind this route is unavailable.";
    private static final String TIMED_OUT = "The service behind this route did not answer in time.";
    private static final String CLOSED = "The service behind this route closed the connection before answering.";
    private static final String FAILED = "The gateway could not complete this request.";

    private static final Logger log = LoggerFactory.getLogger(UpstreamFailureHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            // the answer has begun: nothing can be written over it; the connection ends and the caller sees it cut
            return Mono.error(error);
        }
        HttpStatus status = statusFor(error);
        String route = routeOf(exchange);
        String correlationId = exchange.getResponse().getHeaders().getFirst(CorrelationIdFilter.HEADER);
        if (status.is5xxServerError()) {
            log.warn("{} on route {} (correlation id {}): {}", status.value(), route, correlationId, describe(error));
            log.debug("failure on route {}", route, error);
        }
        if (error instanceof ResponseStatusException answer) {
            // e.g. the Allow header of a 405
            exchange.getResponse().getHeaders().addAll(answer.getHeaders());
        }
        return ProblemDetails.write(exchange, status, detailFor(status));
    }

    private static HttpStatus statusFor(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ResponseStatusException answer) {
                HttpStatus known = HttpStatus.resolve(answer.getStatusCode().value());
                return known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
            }
            if (cause instanceof ConnectException) {
                return HttpStatus.SERVICE_UNAVAILABLE;
            }
            if (cause instanceof PrematureCloseException) {
                return HttpStatus.BAD_GATEWAY;
            }
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String detailFor(HttpStatus status) {
        return switch (status) {
            case SERVICE_UNAVAILABLE -> UNAVAILABLE;
            case GATEWAY_TIMEOUT -> TIMED_OUT;
            case BAD_GATEWAY -> CLOSED;
            case NOT_FOUND -> "No route serves this path.";
            case INTERNAL_SERVER_ERROR -> FAILED;
            default -> status.getReasonPhrase() + ".";
        };
    }

    private static String routeOf(ServerWebExchange exchange) {
        @Nullable Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return route == null ? "(none)" : route.getId();
    }

    /** The exception's class, and its message for connection failures (which name an address, never a path). */
    private static String describe(Throwable error) {
        return error instanceof ConnectException
                ? error.toString()
                : error.getClass().getName();
    }

    @Override
    public int getOrder() {
        return -2;
    }
}
