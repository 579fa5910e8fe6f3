package health.isthmus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The gateway in front of a stand-in for the services ({@link StubBackend}), which records what reached it (the
 * real services are exercised through the gateway in system-tests).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.gateway.cors.allowed-origin-patterns=http://localhost:[*]")
@WithTestIssuer
class GatewayIT extends GatewayWithStubServices {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void requestWithoutTokenIsRefusedBeforeItReachesTheService() throws Exception {
        HttpResponse<String> response = get("/fhir/Patient?identifier=GENHOSP%7CMRN100001", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(BACKEND.calls).hasValue(0);
    }

    @Test
    void validTokenIsRelayedToTheOwningServiceWithACorrelationId() throws Exception {
        String token = TestIssuer.get().token("dev-clinician", "clinician");

        HttpResponse<String> response = get("/fhir/Patient?identifier=GENHOSP%7CMRN100001", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("from the service");
        assertThat(BACKEND.received.get("authorization")).isEqualTo("Bearer " + token);
        assertThat(BACKEND.received.get("query")).isEqualTo("identifier=GENHOSP%7CMRN100001");
        assertThat(BACKEND.received.get("x-correlation-id")).isNotBlank();
        assertThat(response.headers().firstValue("X-Correlation-Id"))
                .contains(BACKEND.received.get("x-correlation-id"));
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
        assertThat(BACKEND.calls).hasValue(0);
    }

    /**
     * A client that sends its next request on the same connection the moment an answer arrives (a viewer loading a
     * study) gets every one answered, also after refusals whose body the gateway never read.
     */
    @Test
    void backToBackRequestsOnOneKeepAliveConnectionAreAllAnswered() throws Exception {
        HttpClient oneConnection =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String clinician = TestIssuer.get().token("keep-alive-clinician", "clinician");
        URI refused = URI.create("http://localhost:" + port + "/api/worklist/steps");
        URI allowed = URI.create("http://localhost:" + port + "/fhir/Patient?identifier=GENHOSP%7CMRN100001");

        for (int i = 0; i < 300; i++) {
            HttpRequest post = HttpRequest.newBuilder(refused)
                    .header("Authorization", "Bearer " + clinician)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"unread\":true}"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            HttpRequest get = HttpRequest.newBuilder(allowed)
                    .header("Authorization", "Bearer " + clinician)
                    .timeout(Duration.ofSeconds(10))
                    .build();
            assertThat(oneConnection
                            .send(post, HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(403);
            assertThat(oneConnection
                            .send(get, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void viewerOnALoopbackOriginMayCallWithItsToken() throws Exception {
        HttpResponse<String> preflight = answer(
                http,
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:3000")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization")
                        .build());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://localhost:3000");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return answer(http, request.build());
    }
}
