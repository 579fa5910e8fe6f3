package health.isthmus.gateway.audit;

import health.isthmus.events.audit.AuditCodes;
import health.isthmus.gateway.CorrelationIdFilter;
import health.isthmus.platform.audit.SecurityAudit;
import health.isthmus.platform.direct.BufferedEventPublisher;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Writes one Security Alert (110113, event type 110132 "Use of Restricted Function") for every request the gateway
 * refuses itself: 401 and 403 of Spring Security (before any route) and the 413 and 429 the limit filters answer.
 * Requests the gateway forwards are not audited here: the service that answers them audits them. A caller with
 * more than the configured number of 401/403 in the window gets one more alert (event type "burst of refused
 * requests") for that window.
 *
 * <p>It runs ahead of Spring Security, right after {@link CorrelationIdFilter}, whose id the records carry.
 */
@Component
public class RefusalAuditFilter implements WebFilter, Ordered {

    /** Exchange attribute: the reason a filter of the gateway gave when it answered the request with a refusal. */
    public static final String REFUSAL_REASON = RefusalAuditFilter.class.getName() + ".reason";

    /** Exchange attribute: the authenticated caller (a {@link Caller}), set once Spring Security knows it. */
    static final String CALLER = RefusalAuditFilter.class.getName() + ".caller";

    static final String SOURCE = "gateway-service";
    private static final Pattern ERROR_DESCRIPTION = Pattern.compile("error_description=\"([^\"]{0,200})");

    private final ObjectProvider<BufferedEventPublisher> publisher;
    private final RefusalBursts bursts;
    private final RefusalAuditProperties properties;
    private final Clock clock;

    public RefusalAuditFilter(ObjectProvider<BufferedEventPublisher> publisher, RefusalAuditProperties properties) {
        this.publisher = publisher;
        this.properties = properties;
        this.bursts = new RefusalBursts(properties.burstThreshold(), properties.burstWindow());
        this.clock = Clock.systemUTC();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        @Nullable String correlationId = exchange.getRequest().getHeaders().getFirst(CorrelationIdFilter.HEADER);
        return chain.filter(exchange).doFinally(signal -> auditIfRefused(exchange, correlationId));
    }

    private void auditIfRefused(ServerWebExchange exchange, @Nullable String correlationId) {
        @Nullable HttpStatusCode status = exchange.getResponse().getStatusCode();
        @Nullable String reason = reasonOfRefusal(exchange, status);
        BufferedEventPublisher records = publisher.getIfAvailable();
        if (status == null || reason == null || records == null) {
            return;
        }
        ServerHttpRequest request = exchange.getRequest();
        @Nullable Caller caller = exchange.getAttribute(CALLER);
        String who = caller == null ? SecurityAudit.ANONYMOUS : caller.subject();
        @Nullable String address = addressOf(request);
        HttpStatus known = HttpStatus.resolve(status.value());
        String phrase = known == null ? "" : " " + known.getReasonPhrase();
        var now = clock.instant();
        records.publish(
                SecurityAudit.alert(
                        SOURCE,
                        List.of(
                                AuditCodes.USE_OF_RESTRICTED_FUNCTION,
                                SecurityAudit.requestType(
                                        request.getMethod().name(),
                                        request.getPath().value(),
                                        status.value() + phrase)),
                        SecurityAudit.requestor(who, caller == null ? null : caller.client(), address),
                        SOURCE,
                        status.value() + phrase + ": " + reason,
                        correlationId,
                        now),
                correlationId);
        if (status.value() != 401 && status.value() != 403) {
            return;
        }
        String burstKey = caller != null ? "subject " + who : "address " + address;
        if (bursts.countAndCrossed(burstKey, now)) {
            records.publish(
                    SecurityAudit.alert(
                            SOURCE,
                            List.of(AuditCodes.REFUSAL_BURST),
                            SecurityAudit.requestor(who, caller == null ? null : caller.client(), address),
                            SOURCE,
                            "more than %d requests refused with 401 or 403 within %s"
                                    .formatted(properties.burstThreshold(), properties.burstWindow()),
                            correlationId,
                            now),
                    correlationId);
        }
    }

    /** Why the gateway refused the request itself, or null when it did not (forwarded, or not refused). */
    private static @Nullable String reasonOfRefusal(ServerWebExchange exchange, @Nullable HttpStatusCode status) {
        @Nullable String own = exchange.getAttribute(REFUSAL_REASON);
        if (own != null) {
            return own;
        }
        if (status == null || ServerWebExchangeUtils.isAlreadyRouted(exchange)) {
            return null;
        }
        return switch (status.value()) {
            case 401 ->
                exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) == null
                        ? "no bearer token"
                        : "invalid bearer token" + description(exchange);
            case 403 -> "the access matrix does not allow the caller's roles this method on this path";
            default -> null;
        };
    }

    /** Spring Security's description of a refused token (expired, wrong audience...): fixed texts and claims' times. */
    private static String description(ServerWebExchange exchange) {
        @Nullable String challenge = exchange.getResponse().getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
        if (challenge == null) {
            return "";
        }
        Matcher matcher = ERROR_DESCRIPTION.matcher(challenge);
        return matcher.find() ? " (" + matcher.group(1) + ")" : "";
    }

    private static @Nullable String addressOf(ServerHttpRequest request) {
        @Nullable InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? null
                : remote.getAddress().getHostAddress();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    /** Who called, as the validated token says: its subject and, when it names one, its client. */
    record Caller(String subject, @Nullable String client) {}
}
