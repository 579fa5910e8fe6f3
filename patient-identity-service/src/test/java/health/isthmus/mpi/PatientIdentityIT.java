package health.isthmus.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.GoldenSamples;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TestKafka;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class PatientIdentityIT {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registeredPatientIsFoundOverFhirByIdentifierWithItsEnterpriseId() throws Exception {
        PatientRegistered registered = (PatientRegistered) GoldenSamples.expected(PatientRegistered.class);
        String eventId = UUID.randomUUID().toString();

        send(registered, eventId);
        send(registered, eventId); // redelivered: must not create or change anything

        JsonNode bundle = awaitBundle("GENHOSP|MRN100001", 1);
        JsonNode patient = bundle.get("entry").get(0).get("resource");
        assertThat(bundle.get("type").asString()).isEqualTo("searchset");
        assertThat(patient.get("name").get(0).get("family").asString()).isEqualTo("DOE");
        assertThat(patient.get("birthDate").asString()).isEqualTo("1980-02-14");
        assertThat(patient.get("gender").asString()).isEqualTo("female");
        assertThat(patient.get("identifier").findValuesAsString("system")).contains("GENHOSP", "urn:isthmus:euid");
        assertThat(patient.get("meta").get("versionId").asString()).isEqualTo("1");
        assertThat(jdbc.sql("select count(*) from source_patient")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);

        PatientDemographics renamed = new PatientDemographics(
                registered.patient().identifiers(),
                List.of(new PersonName("DOE-SMITH", List.of("JANE", "Q"), null, null)),
                registered.patient().birthDate(),
                registered.patient().sex());
        send(new PatientUpdated(registered.origin(), renamed), UUID.randomUUID().toString());

        JsonNode updated = awaitVersion("GENHOSP|MRN100001", "2");
        assertThat(updated.get("name").get(0).get("family").asString()).isEqualTo("DOE-SMITH");
        String euid = patient.get("identifier").findParents("system").stream()
                .filter(node -> node.get("system").asString().equals("urn:isthmus:euid"))
                .findFirst()
                .orElseThrow()
                .get("value")
                .asString();
        assertThat(awaitBundle("urn:isthmus:euid|" + euid, 1).get("total").asInt())
                .isEqualTo(1);
    }

    @Test
    void patientDataNeedsATokenWithAClinicalRole() throws Exception {
        assertThat(search("GENHOSP|MRN100001", null).statusCode()).isEqualTo(401);
        assertThat(search("GENHOSP|MRN100001", TestIssuer.get().token("dev-auditor", "auditor"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void adminApiIsDescribedByOpenApiAndClosedToClinicians() throws Exception {
        HttpResponse<String> docs =
                get("/api/patients/v3/api-docs", TestIssuer.get().token("dev-admin", "admin"));
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json.readTree(docs.body()).get("paths").propertyNames())
                .contains("/api/patients/reviews", "/api/patients/merges/{id}/unmerge");
        assertThat(get("/api/patients/reviews", TestIssuer.get().token("dev-clinician", "clinician"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void unknownIdentifierGivesAnEmptyBundle() throws Exception {
        HttpResponse<String> response =
                search("GENHOSP|NOBODY", TestIssuer.get().token("dev-clinician", "clinician"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("total").asInt()).isZero();
    }

    private JsonNode awaitBundle(String identifier, int total) throws Exception {
        String token = TestIssuer.get().token("dev-clinician", "clinician");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode bundle;
        do {
            HttpResponse<String> response = search(identifier, token);
            assertThat(response.statusCode()).isEqualTo(200);
            bundle = json.readTree(response.body());
            if (bundle.get("total").asInt() == total) {
                return bundle;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return bundle;
    }

    private JsonNode awaitVersion(String identifier, String version) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode patient;
        do {
            patient = awaitBundle(identifier, 1).get("entry").get(0).get("resource");
            if (patient.get("meta").get("versionId").asString().equals(version)) {
                return patient;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return patient;
    }

    private HttpResponse<String> search(String identifier, String token) throws Exception {
        return get("/fhir/Patient?identifier=" + identifier.replace("|", "%7C"), token);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void send(Object event, String eventId) throws Exception {
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            String type = event instanceof PatientUpdated ? "hl7.PatientUpdated.v1" : "hl7.PatientRegistered.v1";
            producer.send(new ProducerRecord<>(
                            "hl7.patient.v1",
                            null,
                            "GENHOSP|MRN100001",
                            json.writeValueAsBytes(event),
                            CloudEventHeaders.of(
                                    eventId, type, "/isthmus/test", Instant.now(), "GENHOSP|MRN100001", null)))
                    .get();
        }
    }
}
