package health.isthmus.gateway;

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
}
