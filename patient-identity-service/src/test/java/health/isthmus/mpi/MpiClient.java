package health.isthmus.mpi;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.Hl7Topics;
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
 * What the MPI's ITs do as hl7-ingest-service (publish patient events to Kafka), as a FHIR client, and as an
 * administrator (REST with an admin token).
 */
final class MpiClient implements AutoCloseable {

    private static final AtomicLong MESSAGE_IDS = new AtomicLong(1000);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final int port;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());

    MpiClient(int port, JsonMapper json) {
        this.port = port;
        this.json = json;
    }

    /** An origin for a message of GENHOSP's or another facility's ADT system. */
    static Hl7Origin origin(String facility, String trigger) {
        long id = MESSAGE_IDS.incrementAndGet();
        return new Hl7Origin(id, "ADT", facility, "MSG-" + id, trigger, Instant.now(), facility);
    }

    static PatientDemographics patient(
            PatientIdentifier key,
            String family,
            String given,
            LocalDate birthDate,
            String sex,
            @Nullable String street,
            @Nullable String phone) {
        return new PatientDemographics(
                List.of(key),
                List.of(new PersonName(family, List.of(given), null, null)),
                birthDate,
                sex,
                street == null ? null : new PostalAddress(List.of(street), "SPRINGFIELD", "IL", "62701", "USA"),
                phone);
    }

    static PatientIdentifier mrn(String authority, String value) {
        return new PatientIdentifier(value, authority, "MR");
    }

    /** Publishes an event as hl7-ingest-service does: keyed by the patient, CloudEvents headers, JSON. */
    void send(IsthmusEvent event) throws Exception {
        producer.send(new ProducerRecord<>(
                        Hl7Topics.PATIENT,
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

    /** The active Patients found by identifier ({@code AUTH|value}), once the predicate holds for them. */
    List<JsonNode> awaitPatients(String identifier, Predicate<List<JsonNode>> until) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        List<JsonNode> patients;
        do {
            patients = patients("/fhir/Patient?identifier=" + identifier.replace("|", "%7C"));
            if (until.test(patients)) {
                return patients;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return patients;
    }

    /** The one active Patient of an identifier, once there is one. */
    JsonNode awaitPatient(String identifier) throws Exception {
        List<JsonNode> patients = awaitPatients(identifier, found -> found.size() == 1);
        assertThat(patients).as("active records of %s", identifier).hasSize(1);
        return patients.getFirst();
    }

    List<JsonNode> patients(String path) throws Exception {
        return patients(path, clinician());
    }

    /** The Patients of a FHIR search bundle, searched with the given token. */
    List<JsonNode> patients(String path, String token) throws Exception {
        HttpResponse<String> response = get(path, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode bundle = json.readTree(response.body());
        return bundle.has("entry")
                ? bundle.get("entry").valueStream().map(e -> e.get("resource")).toList()
                : List.of();
    }

    static String euidOf(JsonNode patient) {
        return patient.get("identifier")
                .valueStream()
                .filter(id -> id.get("system").asString().equals("urn:isthmus:euid"))
                .findFirst()
                .orElseThrow()
                .get("value")
                .asString();
    }

    JsonNode adminGet(String path) throws Exception {
        HttpResponse<String> response = get(path, admin());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    HttpResponse<String> get(String path, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode read(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    static String admin() {
        return TestIssuer.get().token("dev-admin", "admin");
    }

    static String clinician() {
        return TestIssuer.get().token("dev-clinician", "clinician");
    }

    /** A clinician whose token limits them to one site, like the development client {@code dev-clinician-<site>}. */
    static String clinicianOf(String site) {
        return TestIssuer.get()
                .tokenForSites(List.of(site), "dev-clinician-" + site.toLowerCase(java.util.Locale.ROOT), "clinician");
    }

    @Override
    public void close() {
        producer.close();
    }
}
