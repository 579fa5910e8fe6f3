package health.isthmus.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway with every service it routes to replaced by one {@link StubBackend}, shared by the test classes of
 * this JVM (reset before each test; stopped with the JVM).
 */
abstract class GatewayWithStubServices {

    static final StubBackend BACKEND = new StubBackend("from the service");

    /** A gateway that stops answering fails the test within this time instead of holding up the build. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void routeEveryServiceToTheStub(DynamicPropertyRegistry registry) {
        for (String service : List.of("patient-identity", "hl7-ingest", "worklist", "dicomweb", "report", "audit")) {
            registry.add("isthmus.gateway.services." + service, BACKEND::url);
        }
    }

    @BeforeEach
    void resetBackend() {
        BACKEND.reset();
    }

    /** Sends {@code request} and reads the answer as text, giving up after {@link #ANSWER_WITHIN}. */
    static HttpResponse<String> answer(HttpClient http, HttpRequest request) throws Exception {
        return http.send(
                HttpRequest.newBuilder(request, (name, value) -> true)
                        .timeout(ANSWER_WITHIN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
