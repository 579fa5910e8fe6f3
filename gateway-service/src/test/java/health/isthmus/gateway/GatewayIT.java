package health.isthmus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway in front of a stand-in for patient-identity-service: a plain HTTP server on loopback that
 * records what reached it (the real service is exercised through the gateway in system-tests).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.gateway.cors.allowed-origin-patterns=http://localhost:[*]")
@WithTestIssuer
class GatewayIT {

    private static final HttpServer BACKEND = startBackend();
    private static final Map<String, String> RECEIVED = new ConcurrentHashMap<>();
    private static final AtomicInteger CALLS = new AtomicInteger();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void routeToBackend(DynamicPropertyRegistry registry) {
        registry.add(
                "isthmus.gateway.services.patient-identity",
                () -> "http://127.0.0.1:" + BACKEND.getAddress().getPort());
    }

    @BeforeEach
    void reset() {
        RECEIVED.clear();
        CALLS.set(0);
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
    }

    @Test
    void requestWithoutTokenIsRefusedBeforeItReachesTheService() throws Exception {
        HttpResponse<String> response = get("/fhir/Patient?identifier=GENHOSP%7CMRN100001", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(CALLS).hasValue(0);
    }

    @Test
    void validTokenIsRelayedToTheOwningServiceWithACorrelationId() throws Exception {
        String token = TestIssuer.get().token("dev-clinician", "clinician");

        HttpResponse<String> response = get("/fhir/Patient?identifier=GENHOSP%7CMRN100001", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("patients");
        assertThat(RECEIVED.get("authorization")).isEqualTo("Bearer " + token);
        assertThat(RECEIVED.get("query")).isEqualTo("identifier=GENHOSP%7CMRN100001");
        assertThat(RECEIVED.get("x-correlation-id")).isNotBlank();
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains(RECEIVED.get("x-correlation-id"));
    }

    @Test
    void expiredOrForeignTokensAreRefused() throws Exception {
        TestIssuer issuer = TestIssuer.get();

        assertThat(get("/fhir/Patient", issuer.expiredToken("dev-clinician", "clinician"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/fhir/Patient", issuer.tokenForAudience("other", "dev-clinician", "clinician"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(CALLS).hasValue(0);
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void viewerOnALoopbackOriginMayCallWithItsToken() throws Exception {
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:3000")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://localhost:3000");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpServer startBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                CALLS.incrementAndGet();
                exchange.getRequestHeaders()
                        .forEach((name, values) -> RECEIVED.put(name.toLowerCase(), values.getFirst()));
                String query = exchange.getRequestURI().getRawQuery();
                RECEIVED.put("query", query == null ? "" : query);
                byte[] body = "patients".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
