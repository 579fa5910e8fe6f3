package health.isthmus.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the services behind the gateway: a plain HTTP server on loopback that records what reached it and
 * answers {@code body}. Under {@code /dicomweb} it answers like WADO-RS, with an ETag and 304 on a matching
 * {@code If-None-Match}.
 */
final class StubBackend {

    static final String ETAG = "\"v1\"";

    final Map<String, String> received = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    /** Calls per Authorization header, so a test counts its own caller's calls whatever another test left late. */
    final Map<String, AtomicInteger> callsByAuthorization = new ConcurrentHashMap<>();
    /** Bytes of the last request body read to its end, -1 when the body did not arrive whole. */
    final AtomicInteger lastBodyLength = new AtomicInteger(-1);
    /** Request bodies that ended with their connection before their end. */
    final AtomicInteger bodiesCutOff = new AtomicInteger();

    private final HttpServer server;

    StubBackend(String body) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] answer = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            callsByAuthorization
                    .computeIfAbsent(authorization == null ? "" : authorization, key -> new AtomicInteger())
                    .incrementAndGet();
            lastBodyLength.set(-1);
            exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(), values.getFirst()));
            String query = exchange.getRequestURI().getRawQuery();
            received.put("query", query == null ? "" : query);
            received.put("path", exchange.getRequestURI().getRawPath());
            try (InputStream in = exchange.getRequestBody()) {
                lastBodyLength.set((int) in.transferTo(OutputStream.nullOutputStream()));
            } catch (IOException cutOff) {
                // the gateway cut the body off (and closed the connection); answered anyway so the test can go on
                bodiesCutOff.incrementAndGet();
            }
            if (exchange.getRequestURI().getRawPath().startsWith("/dicomweb/")) {
                exchange.getResponseHeaders().set("ETag", ETAG);
                if (ETAG.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    exchange.close();
                    return;
                }
            }
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        // a thread per exchange: one request stuck on a body that never ends must not hold up the ones after it
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Calls that carried this bearer token. */
    int callsWith(String token) {
        AtomicInteger counted = callsByAuthorization.get("Bearer " + token);
        return counted == null ? 0 : counted.get();
    }

    void reset() {
        received.clear();
        callsByAuthorization.clear();
        calls.set(0);
        lastBodyLength.set(-1);
        bodiesCutOff.set(0);
    }
}
