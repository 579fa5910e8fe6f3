package health.isthmus.report;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.Hl7Topics;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the report ITs do as hl7-ingest-service and the worklist (publish order and step events to Kafka with
 * CloudEvents headers) and as users of the REST API.
 */
final class ReportClient implements AutoCloseable {

    private static final AtomicLong MESSAGE_IDS = new AtomicLong(7000);
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final int port;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());

    ReportClient(int port, JsonMapper json) {
        this.port = port;
        this.json = json;
    }

    static Hl7Origin origin(String site, String controlId, String trigger) {
        return new Hl7Origin(MESSAGE_IDS.incrementAndGet(), "EPICRIS", site, controlId, trigger, Instant.now(), site);
    }

    /** A CT head order of Jane Doe (MRN100001 at GENHOSP, or the given patient) at a site, as hl7-ingest publishes it. */
    static OrderPlaced order(String site, String accession, PatientIdentifier patient) {
        return new OrderPlaced(
                origin(site, "MSG-" + accession, "O01"),
                new PatientDemographics(
                        List.of(patient),
                        List.of(new PersonName("DOE", List.of("JANE", "Q"), null, null)),
                        LocalDate.of(1980, 2, 14),
                        "F"),
                new OrderDetails(
                        "NW",
                        "SC",
                        "PO-" + accession,
                        "FO-" + accession,
                        accession,
                        "RP-" + accession,
                        "SPS-" + accession,
                        "CT",
                        null,
                        null,
                        "20261127100000",
                        "R",
                        List.of(new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L")),
                        new PersonName("SMITH", List.of("JOHN"), "DR", null),
                        "1234",
                        null,
                        "1.2.826.0.1.3680043.10.1234.1." + Math.abs(accession.hashCode())));
    }

    static PatientIdentifier mrn(String value) {
        return new PatientIdentifier(value, "GENHOSP", "MR");
    }

    /** Publishes a site's order as hl7-ingest does and waits until report-service holds it. */
    void placeOrder(JdbcClient jdbc, String site, String accession, PatientIdentifier patient) throws Exception {
        send(Hl7Topics.ORDER, order(site, accession, patient));
        Instant deadline = Instant.now().plus(DEADLINE);
        while (Instant.now().isBefore(deadline)) {
            if (jdbc.sql("select count(*) from report_order where site = ? and accession_number = ?")
                            .params(site, accession)
                            .query(Integer.class)
                            .single()
                    > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("order " + accession + " never arrived");
    }

    /** Publishes an event as its producer does: keyed, CloudEvents headers, JSON. */
    void send(String topic, IsthmusEvent event) throws Exception {
        producer.send(new ProducerRecord<>(
                        topic,
                        null,
                        event.partitionKey(),
                        json.writeValueAsBytes(event),
                        CloudEventHeaders.of(
                                UUID.randomUUID().toString(),
                                EventCatalog.wireType(event.getClass()),
                                "/isthmus/test",
                                Instant.now(),
                                event.partitionKey(),
                                null)))
                .get();
    }

    /** The report, once the predicate holds for it (or as it is at the deadline). */
    JsonNode awaitReport(long id, Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        JsonNode report;
        do {
            HttpResponse<String> response = get("/api/reports/" + id, radiologist());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            report = read(response);
            if (until.test(report)) {
                return report;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return report;
    }

    HttpResponse<String> get(String path, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, @Nullable String body, @Nullable String token) throws Exception {
        return send("POST", path, body, token);
    }

    HttpResponse<String> put(String path, String body, @Nullable String token) throws Exception {
        return send("PUT", path, body, token);
    }

    private HttpResponse<String> send(String method, String path, @Nullable String body, @Nullable String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode read(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    String body(Map<String, ?> fields) {
        return json.writeValueAsString(fields);
    }

    static String radiologist() {
        return TestIssuer.get().token("dev-radiologist", "radiologist");
    }

    static String clinician() {
        return TestIssuer.get().token("dev-clinician", "clinician");
    }

    static String admin() {
        return TestIssuer.get().token("dev-admin", "admin");
    }

    static String integration() {
        return TestIssuer.get().token("dev-integration", "integration");
    }

    static String technologist() {
        return TestIssuer.get().token("dev-technologist", "technologist");
    }

    @Override
    public void close() {
        producer.close();
    }
}
