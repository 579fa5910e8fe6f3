package health.isthmus.gateway.limits;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses a body larger than its route's limit with 413 before anything is forwarded when the request declares its
 * {@code Content-Length}; a body without one (chunked) is counted while it streams and cut off at the limit.
 */
@Component
public class RequestSizeLimitFilter implements WebFilter, Ordered {

    /** After Spring Security (-100), so that the caller is known and the security headers are written. */
    static final int ORDER = 0;

    private static final PathPattern STOW = PathPatternParser.defaultInstance.parse("/dicomweb/studies/**");
    private static final long DRAIN_CAP = DataSize.ofMegabytes(64).toBytes();
    private static final String TOO_LARGE = "The request body exceeds the limit of this route.";

    private final RequestLimits limits;

    public RequestSizeLimitFilter(RequestLimits limits) {
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = limitFor(request).toBytes();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return refuseDeclared(exchange, declared);
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                long[] seen = {0};
                return super.getBody().handle((buffer, sink) -> {
                    seen[0] += buffer.readableByteCount();
                    if (seen[0] > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new BodyTooLargeException());
                    } else {
                        sink.next(buffer);
                    }
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build())
                .onErrorResume(
                        error -> causedByTooLargeBody(error)
                                && !exchange.getResponse().isCommitted(),
                        error -> Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE));
    }

    /**
     * Answers 413 to a body whose Content-Length is over the limit. A client that waits for {@code 100 Continue}
     * never sends it. Otherwise a body of up to {@link #DRAIN_CAP} is read and discarded first, so that the socket
     * closes cleanly and the client reads the answer instead of a reset; a larger one is answered at once and the
     * connection closed (a client still sending may then see a reset instead of the 413).
     */
    private static Mono<Void> refuseDeclared(ServerWebExchange exchange, long declared) {
        ServerHttpRequest request = exchange.getRequest();
        Mono<Void> refuse = Mono.defer(() -> Problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE));
        if (request.getHeaders().getFirst(HttpHeaders.EXPECT) != null || declared > DRAIN_CAP) {
            exchange.getResponse().getHeaders().setConnection("close");
            return refuse;
        }
        return request.getBody().doOnNext(DataBufferUtils::release).then(refuse);
    }

    private DataSize limitFor(ServerHttpRequest request) {
        return HttpMethod.POST.equals(request.getMethod())
                        && STOW.matches(request.getPath().pathWithinApplication())
                ? limits.stowMaxBodySize()
                : limits.maxBodySize();
    }

    private static boolean causedByTooLargeBody(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** A streamed body went past the limit. */
    static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super("request body too large", null, false, false);
        }
    }
}
