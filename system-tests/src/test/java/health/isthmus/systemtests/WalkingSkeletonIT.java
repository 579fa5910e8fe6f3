package health.isthmus.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The walking skeleton from a HIS's point of view: ADT over MLLP with HAPI's client, the patient found
 * over FHIR through the gateway with a token from the auth-server; then the stack stopped with SIGTERM
 * and started again on the same data.
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    private static final Logger log = LoggerFactory.getLogger(WalkingSkeletonIT.class);
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    private final Platform platform = new Platform();

    @Test
    @Order(1)
    void registrationIsAcknowledgedAndThePatientIsFoundOverFhirThroughTheGateway() throws Exception {
        String token = platform.token("dev-clinician");

        Message ack = platform.sendHl7(Platform.sample("adt_a04_register.hl7"));

        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
        assertThat(Platform.field(ack, "/MSA-2")).isEqualTo("MSG-A04-0001");
        JsonNode patient = awaitPatient("GENHOSP|MRN100001", token);
        assertThat(patient.get("name").get(0).get("family").asString()).isEqualTo("DOE");
        assertThat(patient.get("identifier").findValuesAsString("system")).contains("urn:isthmus:euid");
    }

    @Test
    @Order(2)
    void requestWithoutTokenGets401AndHealthIsOpen() throws Exception {
        assertThat(platform.get("/fhir/Patient?identifier=GENHOSP%7CMRN100001", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(platform.get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void messageWithoutPatientIdentifierGetsAeWithAnErrSegment() throws Exception {
        Message ack = platform.sendHl7(Platform.sample("bad_missing_pid3.hl7"));

        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AE");
        assertThat(Platform.field(ack, "/MSA-2")).isEqualTo("MSG-BAD-0001");
        assertThat(ack.encode()).contains("\rERR|");
        JsonNode bundle = platform.patientsByIdentifier("NOID", platform.token("dev-clinician"));
        assertThat(bundle.get("total").asInt()).isZero();
    }

    @Test
    @Order(4)
    void acknowledgedPatientsBecomeVisibleOverFhir() throws Exception {
        // prints the time from AA to the patient being visible; asserts only that each one becomes visible
        String token = platform.token("dev-clinician");
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String mrn = "MRNLAT" + i + "X" + System.nanoTime() % 100000;
            String message = Platform.sample("adt_a04_register.hl7")
                    .replace("MRN100001", mrn)
                    .replace("MSG-A04-0001", "MSG-LAT-" + mrn);
            Message ack = platform.sendHl7(message);
            Instant acknowledged = Instant.now();
            assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
            awaitPatient("GENHOSP|" + mrn, token);
            millis.add(Duration.between(acknowledged, Instant.now()).toMillis());
        }
        Collections.sort(millis);
        log.info(
                "FIGURE ACK to FHIR visibility over 20 registrations: median {} ms, max {} ms",
                (millis.get(9) + millis.get(10)) / 2,
                millis.get(19));
    }

    @Test
    @Order(5)
    void sigtermStopsEveryProcessAndARestartStillFindsThePatient() throws Exception {
        StandaloneStack stack = SharedStack.stack();
        List<ProcessHandle> processes = stack.processes();
        assertThat(processes).hasSizeGreaterThan(8);

        stack.close();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        stack.start();
        log.info("FIGURE restart to READY: {} s", stack.startUpTime().toMillis() / 1000.0);
        JsonNode patient = awaitPatient("GENHOSP|MRN100001", platform.token("dev-clinician"));
        assertThat(patient.get("name").get(0).get("family").asString()).isEqualTo("DOE");
    }

    private JsonNode awaitPatient(String identifier, String token) throws Exception {
        Instant deadline = Instant.now().plus(VISIBLE_WITHIN);
        while (true) {
            JsonNode bundle = platform.patientsByIdentifier(identifier, token);
            if (bundle.get("total").asInt() > 0) {
                return bundle.get("entry").get(0).get("resource");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(identifier + " not visible over FHIR within " + VISIBLE_WITHIN);
            }
            Thread.sleep(20);
        }
    }
}
