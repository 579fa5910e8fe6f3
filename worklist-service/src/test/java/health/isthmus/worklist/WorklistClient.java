package health.isthmus.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.GoldenSamples;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.OrderCancelled;
import health.isthmus.events.hl7.OrderDetails;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TestKafka;
import health.isthmus.testsupport.security.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the worklist's ITs do as hl7-ingest-service and the MPI (publish order and identity events to Kafka, with
 * CloudEvents headers), and as users of the REST API and FHIR.
 */
final class WorklistClient implements AutoCloseable {

    private static final AtomicLong MESSAGE_IDS = new AtomicLong(5000);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final int port;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());

    WorklistClient(int port, JsonMapper json) {
        this.port = port;
        this.json = json;
    }

    static PatientIdentifier mrn(String value) {
        return new PatientIdentifier(value, "GENHOSP", "MR");
    }

    static Hl7Origin origin(String application, String controlId, String trigger) {
        return new Hl7Origin(
                MESSAGE_IDS.incrementAndGet(), application, "GENHOSP", controlId, trigger, Instant.now(), "GENHOSP");
    }

    /**
     * {@code orm_o01_new_ct.hl7} as hl7-ingest-service publishes it: the golden sample of {@code hl7.OrderPlaced.v1},
     * which is that message's order.
     */
    static OrderPlaced newCtOrder() {
        return (OrderPlaced) GoldenSamples.expected(OrderPlaced.class);
    }

    /** {@code omi_o23_new_mr.hl7} as hl7-ingest-service publishes it (OMI with TQ1 and IPC). */
    static OrderPlaced newMrOrder() {
        return new OrderPlaced(
                origin("RIS", "MSG-OMI-0001", "O23"),
                new PatientDemographics(
                        List.of(mrn("MRN100002")),
                        List.of(new PersonName("ROE", List.of("RICHARD"), null, null)),
                        LocalDate.of(1955, 6, 30),
                        "M"),
                new OrderDetails(
                        "NW",
                        "SC",
                        "PO-5002",
                        "FO-7002",
                        "ACC-9002",
                        "RP-9002",
                        "SPS-9002",
                        "MR",
                        "ISTHMUS_MR1",
                        "MR1",
                        "20261127110000",
                        "R",
                        List.of(new CodedValue("MRKNEE", "MR KNEE LEFT", "L")),
                        null,
                        null,
                        null,
                        "1.2.826.0.1.3680043.10.1234.1.9002"));
    }

    /** {@code orm_o01_cancel_ct.hl7} as hl7-ingest-service publishes it. */
    static OrderCancelled ctCancel() {
        return new OrderCancelled(
                origin("EPICRIS", "MSG-ORM-0002", "O01"),
                new PatientDemographics(
                        List.of(mrn("MRN100001")),
                        List.of(new PersonName("DOE", List.of("JANE", "Q"), null, null)),
                        LocalDate.of(1980, 2, 14),
                        "F"),
                new OrderDetails(
                        "CA",
                        "CA",
                        "PO-5001",
                        "FO-7001",
                        "ACC-9001",
                        "RP-9001",
                        "SPS-9001",
                        "CT",
                        null,
                        null,
                        null,
                        null,
                        List.of(new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L")),
                        null,
                        null,
                        null,
                        null));
    }

    /** Publishes an event as its producer does: keyed, CloudEvents headers, JSON; returns its event id. */
    String send(String topic, IsthmusEvent event) throws Exception {
        String id = UUID.randomUUID().toString();
        send(topic, event, id);
        return id;
    }

    /** Publishes an event under a given event id, as a producer does when it delivers an event again. */
    void send(String topic, IsthmusEvent event, String eventId) throws Exception {
        send(topic, event, json.writeValueAsBytes(event), eventId);
    }

    /** Publishes an event's given JSON (a golden sample's bytes) under a given event id. */
    void send(String topic, IsthmusEvent event, byte[] payload, String eventId) throws Exception {
        producer.send(new ProducerRecord<>(
                        topic,
                        null,
                        event.partitionKey(),
                        payload,
                        CloudEventHeaders.of(
                                eventId,
                                EventCatalog.wireType(event.getClass()),
                                "/isthmus/test",
                                Instant.now(),
                                event.partitionKey(),
                                null)))
                .get();
    }

    /** The steps the REST list answers for the query, once the predicate holds for them. */
    List<JsonNode> awaitSteps(String query, Predicate<List<JsonNode>> until) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        List<JsonNode> steps;
        do {
            steps = steps(query);
            if (until.test(steps)) {
                return steps;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return steps;
    }

    /** The one step of an accession number, once there is one. */
    JsonNode awaitStep(String accession) throws Exception {
        List<JsonNode> steps = awaitSteps("accession=" + accession, found -> found.size() == 1);
        assertThat(steps).as("steps of %s", accession).hasSize(1);
        return steps.getFirst();
    }

    List<JsonNode> steps(String query) throws Exception {
        HttpResponse<String> response = get("/api/worklist/steps?" + query, technologist());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).valueStream().toList();
    }

    /** The resources of a FHIR search bundle. */
    List<JsonNode> fhirSearch(String path) throws Exception {
        HttpResponse<String> response = get(path, clinician());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode bundle = json.readTree(response.body());
        return bundle.has("entry")
                ? bundle.get("entry").valueStream().map(e -> e.get("resource")).toList()
                : List.of();
    }

    HttpResponse<String> get(String path, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode read(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    static String technologist() {
        return TestIssuer.get().token("dev-technologist", "technologist");
    }

    static String radiologist() {
        return TestIssuer.get().token("dev-radiologist", "radiologist");
    }

    static String clinician() {
        return TestIssuer.get().token("dev-clinician", "clinician");
    }

    /** A token of a role limited to one site, like the development client {@code dev-<role>-<site>}. */
    static String limitedTo(String site, String role) {
        return TestIssuer.get()
                .tokenForSites(List.of(site), "dev-" + role + "-" + site.toLowerCase(java.util.Locale.ROOT), role);
    }

    static String auditor() {
        return TestIssuer.get().token("dev-auditor", "auditor");
    }

    @Override
    public void close() {
        producer.close();
    }
}
