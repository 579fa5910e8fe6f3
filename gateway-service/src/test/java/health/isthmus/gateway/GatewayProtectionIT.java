package health.isthmus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What the gateway refuses on its own and what it adds to every answer: bodies over the route's limit (413),
 * clients over their rate (429), and the security headers, with WADO's ETag revalidation and CORS left intact.
 * The limits are small here (1 KB, STOW 8 KB; a burst of 3 that refills once in 1000 s) so the test stays small.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.gateway.cors.allowed-origin-patterns=http://localhost:[*]",
            "isthmus.gateway.limits.max-body-size=1KB",
            "isthmus.gateway.limits.stow-max-body-size=8KB",
            "isthmus.gateway.rate-limit.enabled=true",
            "isthmus.gateway.rate-limit.requests-per-second=0.001",
            "isthmus.gateway.rate-limit.burst=3"
        })
@WithTestIssuer
class GatewayProtectionIT extends GatewayWithStubServices {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBodyOverTheRouteLimitGets413ProblemDetailAndIsNotForwarded() throws Exception {
        String token = TestIssuer.get().token("size-radiologist", "radiologist");

        HttpResponse<String> response = send(post("/api/reports", token, new byte[2048]));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":413");
        assertThat(BACKEND.calls).hasValue(0);
    }

    @Test
    void stowMayCarryMoreThanOtherRoutesUpToItsOwnLimit() throws Exception {
        String token = TestIssuer.get().token("size-technologist", "technologist");

        HttpResponse<String> withinStowLimit = send(post("/dicomweb/studies", token, new byte[4096]));
        assertThat(withinStowLimit.statusCode()).isEqualTo(200);
        assertThat(BACKEND.lastBodyLength).hasValue(4096);

        BACKEND.reset();
        HttpResponse<String> overStowLimit = send(post("/dicomweb/studies", token, new byte[16 * 1024]));
        assertThat(overStowLimit.statusCode()).isEqualTo(413);
        assertThat(BACKEND.calls).hasValue(0);
    }

    @Test
    void aChunkedBodyOverTheLimitIsCutOffWith413() throws Exception {
        String token = TestIssuer.get().token("size-integration", "integration");
        HttpRequest chunked = HttpRequest.newBuilder(uri("/api/reports"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[64 * 1024])))
                .build();

        HttpResponse<String> response = send(chunked);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(BACKEND.lastBodyLength).hasValue(-1);
        // what was forwarded before the limit tripped ends with its connection: the service is not left waiting
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (BACKEND.bodiesCutOff.get() < BACKEND.calls.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(BACKEND.bodiesCutOff).hasValue(BACKEND.calls.get());
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfterWhileOtherClientsGoOn() throws Exception {
        String busy = TestIssuer.get().token("rate-busy-client", "clinician");
        for (int i = 0; i < 3; i++) {
            assertThat(send(get("/fhir/Patient", busy)).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> refused = send(get("/fhir/Patient", busy));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isPositive());
        assertThat(refused.body()).contains("\"status\":429");
        // counted per token: a body another test's chunked request cut off may reach the stub late
        assertThat(BACKEND.callsWith(busy)).isEqualTo(3);
        String other = TestIssuer.get().token("rate-other-client", "clinician");
        assertThat(send(get("/fhir/Patient", other)).statusCode()).isEqualTo(200);
    }

    @Test
    void apiAnswersCarryTheSecurityHeadersAndNoStore() throws Exception {
        String token = TestIssuer.get().token("headers-clinician", "clinician");

        for (HttpResponse<String> response :
                List.of(send(get("/fhir/Patient", token)), send(get("/api/reports/1", null)))) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).contains("no-referrer");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
            // plain HTTP: HSTS belongs to the TLS listener only
            assertThat(response.headers().firstValue("Strict-Transport-Security"))
                    .isEmpty();
        }
    }

    @Test
    void wadoKeepsItsEtagRevalidationAndCorsExposesTheEtag() throws Exception {
        String token = TestIssuer.get().token("headers-radiologist", "radiologist");
        String instance = "/dicomweb/studies/1.2.3/series/4.5/instances/6.7";

        HttpResponse<String> first = send(HttpRequest.newBuilder(uri(instance))
                .header("Authorization", "Bearer " + token)
                .header("Origin", "http://localhost:3000")
                .build());
        HttpResponse<String> revalidated = send(HttpRequest.newBuilder(uri(instance))
                .header("Authorization", "Bearer " + token)
                .header("If-None-Match", StubBackend.ETAG)
                .build());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("ETag")).contains(StubBackend.ETAG);
        assertThat(first.headers().allValues("Cache-Control")).noneMatch(value -> value.contains("no-store"));
        assertThat(first.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
        assertThat(first.headers().firstValue("Access-Control-Expose-Headers"))
                .hasValueSatisfying(exposed -> assertThat(exposed).contains("ETag"));
        assertThat(first.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(revalidated.statusCode()).isEqualTo(304);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpRequest get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private HttpRequest post(String path, String token, byte[] body) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return answer(http, request);
    }
}
