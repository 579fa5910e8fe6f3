package health.isthmus.gateway;

import static health.isthmus.gateway.GatewayWithStubServices.answer;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that is down or hung: the caller gets a problem detail (503, 504) within the gateway's time limits
 * instead of waiting without end, and the connection to a hung service is closed. The report route goes to a socket
 * that takes connections and never answers, the audit route to a port nothing listens on; the response timeout is
 * 2 s here.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.gateway.rate-limit.enabled=false",
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=2s"
        })
@WithTestIssuer
class GatewayUpstreamFailureIT {

    static final SilentService HUNG = new SilentService();
    static final int NOTHING_LISTENS = closedPort();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        for (String service : List.of("patient-identity", "hl7-ingest", "worklist", "dicomweb")) {
            registry.add("isthmus.gateway.services." + service, GatewayWithStubServices.BACKEND::url);
        }
        registry.add("isthmus.gateway.services.report", () -> "http://127.0.0.1:" + HUNG.port());
        registry.add("isthmus.gateway.services.audit", () -> "http://127.0.0.1:" + NOTHING_LISTENS);
    }

    @AfterAll
    static void stopTheSilentService() throws IOException {
        HUNG.close();
    }

    @Test
    void aServiceThatNeverAnswersGets504ProblemAndItsConnectionClosed() throws Exception {
        String token = TestIssuer.get().token("hung-radiologist", "radiologist");

        HttpResponse<String> response = send("/api/reports/9", token);

        assertThat(response.statusCode()).isEqualTo(504);
        assertProblem(response, 504);
        assertThat(HUNG.accepted).hasSize(1);
        // the gateway gave up on the request: the service sees its connection end, nothing stays open
        Socket connection = HUNG.accepted.getFirst();
        connection.setSoTimeout(10_000);
        assertThat(new String(connection.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .startsWith("GET /api/reports/9 ");
    }

    @Test
    void aServiceThatIsDownGets503Problem() throws Exception {
        String token = TestIssuer.get().token("down-auditor", "auditor");

        HttpResponse<String> response = send("/api/audit/verify", token);

        assertThat(response.statusCode()).isEqualTo(503);
        assertProblem(response, 503);
    }

    @Test
    void theOtherServicesAnswerMeanwhile() throws Exception {
        String token = TestIssuer.get().token("other-clinician", "clinician");

        HttpResponse<String> response = send("/fhir/Patient?identifier=GENHOSP%7CMRN100001", token);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("from the service");
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"status\":" + status).doesNotContain("Exception", "at ");
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        return answer(
                http,
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .build());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes connections, reads nothing, answers nothing. */
    static final class SilentService implements AutoCloseable {

        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        SilentService() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
