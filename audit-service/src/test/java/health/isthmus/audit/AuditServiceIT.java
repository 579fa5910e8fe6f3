package health.isthmus.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.audit.chain.AuditChain;
import health.isthmus.audit.retention.RetentionJob;
import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.mpi.EnterprisePatientCreated;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TestKafka;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.TestPostgres;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import health.isthmus.testsupport.service.RunnableServiceContract;
import health.isthmus.testsupport.tls.TestCertificates;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * audit-service on a real PostgreSQL and Kafka, with a TLS syslog collector: records published to
 * {@code audit.record.v1} are stored once, found by auditors, checked by verify (which names a tampered row), exported
 * as PS3.15 audit messages, and expire from the head of the chain without breaking it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditServiceIT extends RunnableServiceContract {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SENDER = "EPICADT-" + RUN + "|GENHOSP";
    private static final String PATIENT = "GENHOSP|MRN-" + RUN;
    private static final String EUID = UUID.randomUUID().toString();
    // the auditors' own reads (audited too, naming the patient searched for) happen today, after these records
    private static final String BEFORE_TODAY = "&to=2026-11-28";
    private static final String OF_PATIENT =
            "patient=" + URLEncoder.encode(PATIENT, StandardCharsets.UTF_8) + BEFORE_TODAY;
    private static final Logger log = LoggerFactory.getLogger(AuditServiceIT.class);
    private static TlsSyslogCollector collector;

    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer());

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private RetentionJob retention;

    @Autowired
    private AuditChain chain;

    @Autowired
    private TransactionTemplate transactions;

    @Value("${isthmus.db.schema}")
    private String schema;

    AuditServiceIT() {
        super("/api/audit/events");
    }

    @DynamicPropertySource
    static void syslogCollector(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("audit-syslog-tls");
        TestCertificates certificates = TestCertificates.create(dir);
        collector = new TlsSyslogCollector(certificates.server);
        registry.add("isthmus.audit.syslog.enabled", () -> "true");
        registry.add("isthmus.audit.syslog.transport", () -> "tls");
        registry.add("isthmus.audit.syslog.host", () -> "localhost");
        registry.add("isthmus.audit.syslog.port", () -> collector.port());
        registry.add("isthmus.audit.syslog.trust-store", () -> certificates.clientTrust.toString());
        registry.add("isthmus.audit.syslog.trust-store-password", () -> TestCertificates.PASSWORD);
        registry.add("isthmus.audit.syslog.poll-interval", () -> "200ms");
        registry.add("isthmus.audit.syslog.initial-backoff", () -> "200ms");
        registry.add("isthmus.audit.syslog.max-backoff", () -> "2s");
    }

    @AfterAll
    static void stopCollector() throws Exception {
        collector.close();
    }

    @Test
    @Order(1)
    void aRedeliveredRecordIsStoredOnce() throws Exception {
        String first = UUID.randomUUID().toString();
        send(first, registration(Instant.parse("2026-11-27T08:30:00Z")));
        send(UUID.randomUUID().toString(), registration(Instant.parse("2026-11-27T08:31:00Z")));
        send(first, registration(Instant.parse("2026-11-27T08:30:00Z")));
        // same patient, same partition: once this one is stored, the redelivery before it was handled
        String marker = UUID.randomUUID().toString();
        send(marker, patientRead(Instant.parse("2026-11-27T09:00:00Z"), "dev-clinician-" + RUN));

        JsonNode page = awaitEvents(OF_PATIENT, events -> events.size() >= 3);

        assertThat(eventIds(page)).hasSize(3).doesNotHaveDuplicates().contains(first, marker);
    }

    @Test
    @Order(2)
    void auditorsFindRecordsByPatientUserActionAndTime() throws Exception {
        assertThat(events(OF_PATIENT).get("events")).hasSize(3);
        assertThat(events("patient=MRN-" + RUN + BEFORE_TODAY).get("events"))
                .as("the bare identifier value")
                .hasSize(3);
        assertThat(events("patient=" + EUID + BEFORE_TODAY).get("events"))
                .as("the EUID")
                .hasSize(1);
        assertThat(events("user=" + encode(SENDER) + BEFORE_TODAY).get("events"))
                .hasSize(2);
        assertThat(events(OF_PATIENT + "&action=R").get("events"))
                .singleElement()
                .satisfies(event -> assertThat(event.get("action").asString()).isEqualTo("R"));
        JsonNode window = events("patient=" + encode(PATIENT) + "&from=2026-11-27T08:30:30Z&to=2026-11-27T08:59:00Z");
        assertThat(window.get("events"))
                .singleElement()
                .satisfies(
                        event -> assertThat(event.get("occurredAt").asString()).isEqualTo("2026-11-27T08:31:00Z"));
        assertThat(events("patient=" + encode(PATIENT) + "&from=2026-11-28&to=2026-11-30")
                        .get("events"))
                .isEmpty();
        assertThat(events("patient=nobody-" + RUN).get("events")).isEmpty();
        assertThat(events("correlation=corr-" + RUN).get("events"))
                .as("the records of one request, by its X-Correlation-Id")
                .hasSize(2)
                .allSatisfy(event ->
                        assertThat(event.get("correlationId").asString()).isEqualTo("corr-" + RUN));
        assertThat(events("correlation=corr-nobody-" + RUN).get("events")).isEmpty();
    }

    @Test
    @Order(3)
    void auditorsPageThroughTheTrailNewestFirst() throws Exception {
        JsonNode first = events(OF_PATIENT + "&limit=2");
        assertThat(first.get("events")).hasSize(2);
        assertThat(first.get("events").get(0).get("occurredAt").asString()).isEqualTo("2026-11-27T09:00:00Z");
        assertThat(first.get("nextOffset").asLong()).isEqualTo(2);
        JsonNode second = events(OF_PATIENT + "&limit=2&offset=2");
        assertThat(second.get("events"))
                .singleElement()
                .satisfies(
                        event -> assertThat(event.get("occurredAt").asString()).isEqualTo("2026-11-27T08:30:00Z"));
        assertThat(second.has("nextOffset")).isFalse();
    }

    @Test
    @Order(4)
    void badCriteriaAreRefusedWithAProblemDetail() throws Exception {
        for (String criteria : List.of(
                "from=2026-11-28T00:00:00Z&to=2026-11-27T00:00:00Z",
                "limit=5000",
                "limit=0",
                "offset=-1",
                "action=X",
                "from=yesterday")) {
            HttpResponse<String> response = get("/api/audit/events?" + criteria, auditor());
            assertThat(response.statusCode()).as(criteria).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).get("detail").asString())
                    .as(criteria)
                    .isNotBlank();
        }
    }

    @Test
    @Order(5)
    void onlyAuditorsReadTheTrail() throws Exception {
        for (String path : List.of("/api/audit/events", "/api/audit/verify", "/fhir/AuditEvent")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, TestIssuer.get().token("dev-clinician", "clinician"))
                            .statusCode())
                    .as(path)
                    .isEqualTo(403);
            assertThat(get(path, TestIssuer.get().token("dev-admin", "admin")).statusCode())
                    .as(path)
                    .isEqualTo(403);
            assertThat(get(path, auditor()).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> openApi = get("/api/audit/v3/api-docs", auditor());
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("/api/audit/events", "/api/audit/verify");
    }

    @Test
    @Order(6)
    void theAuditorsOwnReadsAreAudited() throws Exception {
        String auditorId = "auditor-" + RUN;
        HttpResponse<String> read = get(
                "/api/audit/events?patient=" + encode(PATIENT), TestIssuer.get().token(auditorId, "auditor"));
        assertThat(read.statusCode()).isEqualTo(200);

        JsonNode own = awaitEvents("user=" + auditorId, events -> !events.isEmpty());

        JsonNode record = own.get("events").get(0);
        assertThat(record.get("event").get("code").asString()).isEqualTo(AuditCodes.QUERY.code());
        assertThat(record.get("source").get("sourceId").asString()).isEqualTo("audit-service");
        assertThat(record.get("action").asString()).isEqualTo("R");
        assertThat(record.get("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(record.get("objects").toString()).contains(PATIENT);
        assertThat(record.get("participants").get(0).get("networkAccessPoint").asString())
                .isNotBlank();
    }

    @Test
    @Order(7)
    void fhirSearchesAndReadsAuditEvents() throws Exception {
        HttpResponse<String> search = get("/fhir/AuditEvent?patient=" + encode(PATIENT) + "&action=C", auditor());
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        JsonNode bundle = json.readTree(search.body());
        assertThat(bundle.get("resourceType").asString()).isEqualTo("Bundle");
        assertThat(bundle.get("entry")).hasSize(2);
        JsonNode event = bundle.get("entry").get(0).get("resource");
        assertThat(event.get("resourceType").asString()).isEqualTo("AuditEvent");
        assertThat(event.get("type").get("code").asString()).isEqualTo("110110");
        assertThat(event.get("action").asString()).isEqualTo("C");
        assertThat(event.get("agent").toString()).contains(SENDER);
        assertThat(event.get("entity").toString()).contains(PATIENT);

        HttpResponse<String> read = get("/fhir/AuditEvent/" + event.get("id").asString(), auditor());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json.readTree(read.body()).get("recorded").asString())
                .isEqualTo(event.get("recorded").asString());
        assertThat(get("/fhir/AuditEvent/999999999", auditor()).statusCode()).isEqualTo(404);
        assertThat(get("/fhir/AuditEvent?agent=" + encode(SENDER) + "&date=ge2026-11-27T08:30:30Z", auditor())
                        .body())
                .contains("2026-11-27T08:31:00");
    }

    @Test
    @Order(8)
    void theDatabaseRefusesToChangeOrRemoveAStoredRecord() throws Exception {
        long sequence = sequenceOf(events(OF_PATIENT).get("events").get(0));
        try (Connection connection = TestPostgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + schema);
            assertThatThrownBy(() -> statement.executeUpdate(
                            "update audit_record set canonical = canonical || ' ' where sequence = " + sequence))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("delete from audit_record where sequence = " + sequence))
                    .hasMessageContaining("not anchored");
            assertThatThrownBy(() -> statement.executeUpdate("truncate audit_record"))
                    .hasMessageContaining("append-only");
        }
        assertThat(events(OF_PATIENT).get("events")).hasSize(3);
    }

    @Test
    @Order(9)
    void verifyNamesTheOneTamperedRecord() throws Exception {
        JsonNode intact = verify();
        assertThat(intact.get("valid").asBoolean()).as(intact.toString()).isTrue();
        assertThat(intact.get("checked").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(intact.has("firstBrokenRecord")).isFalse();

        JsonNode victim = events(OF_PATIENT + "&action=R").get("events").get(0);
        long sequence = sequenceOf(victim);
        String original = canonical(sequence);
        // a superuser goes around the append-only trigger and rewrites who read the record
        String forged = original.replace("dev-clinician-" + RUN, "somebody-else");
        assertThat(forged).isNotEqualTo(original);
        rewrite(sequence, forged);
        try {
            JsonNode broken = verify();

            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBrokenRecord").get("sequence").asLong()).isEqualTo(sequence);
            assertThat(broken.get("firstBrokenRecord").get("eventId").asString())
                    .isEqualTo(victim.get("eventId").asString());
            assertThat(broken.get("checked").asLong())
                    .isEqualTo(sequence - 1 - broken.get("removedThrough").asLong());
        } finally {
            rewrite(sequence, original);
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(10)
    void verifyNamesARecordRemovedAroundTheTrigger() throws Exception {
        JsonNode victim = events(OF_PATIENT + "&action=C").get("events").get(0);
        long sequence = sequenceOf(victim);
        // exported first, so that the collector's count in the next test does not depend on this one
        awaitExportCursor(sequence);
        try (Connection connection = TestPostgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + schema);
            statement.execute(
                    "create temporary table removed as select * from audit_record where sequence = " + sequence);
            statement.execute("alter table audit_record disable trigger audit_record_delete");
            statement.execute("delete from audit_record where sequence = " + sequence);
            statement.execute("alter table audit_record enable trigger audit_record_delete");
            try {
                JsonNode broken = verify();

                assertThat(broken.get("valid").asBoolean()).isFalse();
                assertThat(broken.get("firstBrokenRecord").get("sequence").asLong())
                        .isEqualTo(sequence);
                assertThat(broken.get("firstBrokenRecord").get("reason").asString())
                        .isEqualTo("missing: records " + sequence + " to " + sequence + " are not in the store");
            } finally {
                statement.execute("alter table audit_record disable trigger audit_record_append");
                statement.execute("insert into audit_record select * from removed");
                statement.execute("alter table audit_record enable trigger audit_record_append");
            }
        }
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(11)
    void theCollectorReceivesPs315AuditMessagesOverTls() throws Exception {
        List<Document> messages = awaitSyslog(xml -> participants(xml).contains(SENDER), 2);

        assertThat(collector.framingErrors()).isEmpty();
        assertThat(messages).hasSize(2);
        Document message = messages.getFirst();
        Element root = message.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("AuditMessage");
        Element identification = first(root, "EventIdentification");
        assertThat(identification.getAttribute("EventActionCode")).isEqualTo("C");
        assertThat(identification.getAttribute("EventOutcomeIndicator")).isEqualTo("0");
        Element eventId = first(identification, "EventID");
        assertThat(eventId.getAttribute("csd-code")).isEqualTo("110110");
        assertThat(eventId.getAttribute("codeSystemName")).isEqualTo("DCM");
        assertThat(root.getElementsByTagName("ActiveParticipant").getLength()).isEqualTo(2);
        Element requestor = first(root, "ActiveParticipant");
        assertThat(requestor.getAttribute("UserIsRequestor")).isEqualTo("true");
        assertThat(requestor.getAttribute("NetworkAccessPointID")).isEqualTo("10.1.2.3");
        assertThat(first(requestor, "RoleIDCode").getAttribute("csd-code")).isEqualTo("110153");
        assertThat(first(root, "AuditSourceIdentification").getAttribute("AuditSourceID"))
                .isEqualTo("hl7-ingest-service");
        Element patient = first(root, "ParticipantObjectIdentification");
        assertThat(patient.getAttribute("ParticipantObjectID")).isEqualTo(PATIENT);
        assertThat(patient.getAttribute("ParticipantObjectTypeCode")).isEqualTo("1");
        assertThat(patient.getAttribute("ParticipantObjectTypeCodeRole")).isEqualTo("1");
        String metrics = get("/actuator/prometheus", null).body();
        assertThat(metrics).contains("isthmus_audit_syslog_sent_total{", "isthmus_audit_syslog_pending{");
    }

    @Test
    @Order(12)
    void recordsAreStoredWhileTheCollectorIsDownAndSentOnceItIsBack() throws Exception {
        double failuresBefore = exportFailures();
        collector.close();
        String user = "while-down-" + RUN;
        send(UUID.randomUUID().toString(), patientRead(Instant.parse("2026-11-27T11:00:00Z"), user));

        assertThat(awaitEvents("user=" + user, events -> !events.isEmpty()).get("events"))
                .as("stored although the collector is down")
                .hasSize(1);
        Instant deadline = Instant.now().plus(DEADLINE);
        while (exportFailures() <= failuresBefore && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(exportFailures()).as("failed export attempts").isGreaterThan(failuresBefore);

        collector.reopen();

        assertThat(awaitSyslog(xml -> participants(xml).contains(user), 1)).hasSize(1);
    }

    private double exportFailures() throws Exception {
        var line = java.util.regex.Pattern.compile(
                        "isthmus_audit_syslog_sent_total\\{[^}]*outcome=\"failure\"[^}]*} (\\S+)")
                .matcher(get("/actuator/prometheus", null).body());
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    @Order(13)
    void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
        long before = verify().get("lastSequence").asLong();
        int threads = 4;
        int each = 250;
        Instant start = Instant.now();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String user = "appender-" + t + "-" + RUN;
                appenders.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        AuditEventRecorded record = patientRead(Instant.now(), user);
                        transactions.executeWithoutResult(
                                status -> chain.append(UUID.randomUUID().toString(), record));
                    }
                    return null;
                }));
            }
            for (Future<?> appender : appenders) {
                appender.get();
            }
        }
        Duration appending = Duration.between(start, Instant.now());

        Instant verifyStart = Instant.now();
        JsonNode verified = verify();
        Duration verifying = Duration.between(verifyStart, Instant.now());

        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("lastSequence").asLong()).isGreaterThanOrEqualTo(before + threads * each);
        log.info(
                "FIGURE audit chain: {} appends from {} threads in {} ms ({} records/s, one transaction each); verify"
                        + " of {} records in {} ms (through HTTP)",
                threads * each,
                threads,
                appending.toMillis(),
                Math.round(threads * each * 1000.0 / Math.max(1, appending.toMillis())),
                verified.get("checked").asLong(),
                verifying.toMillis());
    }

    @Test
    @Order(14)
    void retentionRemovesTheOldestRecordsAndTheChainStillVerifies() throws Exception {
        JsonNode all = events(OF_PATIENT);
        long newest = sequenceOf(all.get("events").get(0));
        Instant keptFrom =
                Instant.parse(all.get("events").get(0).get("recordedAt").asString());
        // everything up to the newest of this patient's records must have been exported before it may go
        awaitSyslog(xml -> participants(xml).contains("dev-clinician-" + RUN), 1);

        awaitExportCursor(newest);

        long removed = retention.removeStoredBefore(keptFrom);

        assertThat(removed).isEqualTo(newest - 1);
        assertThat(events(OF_PATIENT).get("events"))
                .singleElement()
                .satisfies(event -> assertThat(sequenceOf(event)).isEqualTo(newest));
        JsonNode verified = verify();
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("removedThrough").asLong()).isEqualTo(newest - 1);
        assertThat(verified.get("firstSequence").asLong()).isEqualTo(newest);
    }

    @Test
    @Order(15)
    void aSearchByOneOfAPersonsIdentifiersFindsRecordsNamingTheOthers() throws Exception {
        String north = "NORTHCLINIC|N-" + RUN;
        UUID person = UUID.randomUUID();
        List<PatientIdentifier> identifiers = List.of(
                new PatientIdentifier("MRN-" + RUN, "GENHOSP", "MR"),
                new PatientIdentifier("N-" + RUN, "NORTHCLINIC", "MR"));
        sendEvent(
                UUID.randomUUID().toString(),
                new EnterprisePatientCreated(
                        person,
                        identifiers,
                        new PatientDemographics(identifiers, List.of(), null, null),
                        new MpiCause("hl7", "GENHOSP|MSG-1 A04", null)));
        AuditEventRecorded atNorth = new AuditEventRecorded(
                AuditCodes.INSTANCES_ACCESSED,
                List.of(),
                AuditAction.R,
                Instant.parse("2026-11-27T10:00:00Z"),
                AuditOutcome.SUCCESS,
                null,
                List.of(new AuditParticipant("viewer-" + RUN, null, true, "127.0.0.1", List.of("ROLE_clinician"))),
                new AuditSource("dicomweb-service", "NORTHCLINIC"),
                List.of(new AuditObject(AuditObject.Type.PATIENT, north, "MR", null)),
                null);
        sendEvent(UUID.randomUUID().toString(), atNorth);

        JsonNode byEuid = awaitEvents("patient=" + person + BEFORE_TODAY, events -> events.size() >= 2);

        // the GENHOSP record left after retention, and the NORTHCLINIC one that names neither it nor the EUID
        assertThat(byEuid.get("events")).hasSize(2);
        assertThat(byEuid.get("events").toString()).contains(north, PATIENT);
        assertThat(events(OF_PATIENT).get("events")).hasSize(2);
        assertThat(events("patient=N-" + RUN + BEFORE_TODAY).get("events")).hasSize(2);
        assertThat(events("patient=NORTHCLINIC%7CN-" + RUN + BEFORE_TODAY + "&user=viewer-" + RUN)
                        .get("events"))
                .singleElement()
                .satisfies(
                        event -> assertThat(event.get("source").get("sourceId").asString())
                                .isEqualTo("dicomweb-service"));
    }

    private void awaitExportCursor(long sequence) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (exportCursor() < sequence && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(exportCursor()).isGreaterThanOrEqualTo(sequence);
    }

    private long exportCursor() throws Exception {
        try (Connection connection = TestPostgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("select last_sequence from " + schema + ".syslog_export_cursor");
            rs.next();
            return rs.getLong(1);
        }
    }

    private JsonNode verify() throws Exception {
        HttpResponse<String> response = get("/api/audit/verify", auditor());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private AuditEventRecorded registration(Instant at) {
        return new AuditEventRecorded(
                AuditCodes.PATIENT_RECORD,
                List.of(new CodedValue("ADT^A04", "Register a patient", "HL7v2")),
                AuditAction.C,
                at,
                AuditOutcome.SUCCESS,
                null,
                List.of(
                        new AuditParticipant(SENDER, null, true, "10.1.2.3", List.of("Source")),
                        new AuditParticipant("hl7-ingest-service", null, false, null, List.of("Destination"))),
                new AuditSource("hl7-ingest-service", "GENHOSP"),
                List.of(
                        new AuditObject(AuditObject.Type.PATIENT, PATIENT, "MR", null),
                        new AuditObject(AuditObject.Type.MESSAGE, "MSG-" + at.toEpochMilli(), "MSH-10", "ADT^A04")),
                "corr-" + RUN);
    }

    private AuditEventRecorded patientRead(Instant at, String user) {
        return new AuditEventRecorded(
                AuditCodes.PATIENT_RECORD,
                List.of(new CodedValue("GET /fhir/Patient", "search Patient", "HTTP")),
                AuditAction.R,
                at,
                AuditOutcome.SUCCESS,
                null,
                List.of(
                        new AuditParticipant(user, null, true, "127.0.0.1", List.of("ROLE_clinician")),
                        new AuditParticipant("patient-identity-service", null, false, null, List.of("Destination"))),
                new AuditSource("patient-identity-service", null),
                List.of(
                        new AuditObject(AuditObject.Type.PATIENT, PATIENT, "MR", null),
                        new AuditObject(AuditObject.Type.PATIENT, EUID, "EUID", null)),
                null);
    }

    private void send(String eventId, AuditEventRecorded record) throws Exception {
        sendEvent(eventId, record);
    }

    /** Publishes an event as its producer does: on its topic, keyed, with CloudEvents headers, as JSON. */
    private void sendEvent(String eventId, IsthmusEvent event) throws Exception {
        producer.send(new ProducerRecord<>(
                        EventCatalog.topic(event.getClass()),
                        null,
                        event.partitionKey(),
                        json.writeValueAsBytes(event),
                        CloudEventHeaders.of(
                                eventId,
                                EventCatalog.wireType(event.getClass()),
                                "/isthmus/test",
                                Instant.now(),
                                event.partitionKey(),
                                null)))
                .get();
    }

    private JsonNode awaitEvents(String criteria, Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        JsonNode page;
        do {
            page = events(criteria);
            if (until.test(page.get("events"))) {
                return page;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return page;
    }

    private JsonNode events(String criteria) throws Exception {
        HttpResponse<String> response = get("/api/audit/events?" + criteria, auditor());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private List<Document> awaitSyslog(Predicate<Document> matching, int count) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        List<Document> found;
        do {
            found = new ArrayList<>();
            for (byte[] message : collector.messages()) {
                Document xml = parse(message);
                if (matching.test(xml)) {
                    found.add(xml);
                }
            }
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return found;
    }

    /** The XML of an RFC 5424 message: header {@code <85>1 TIMESTAMP HOST APP - MSGID - }, then BOM and XML. */
    private static Document parse(byte[] message) throws Exception {
        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text)
                .matches("(?s)<8[45]>1 \\d{4}-\\d\\d-\\d\\dT\\S+Z \\S+ isthmus - IHE\\+RFC-3881 - \uFEFF<\\?xml.*");
        int bom = text.indexOf('\uFEFF');
        byte[] xml = text.substring(bom + 1).getBytes(StandardCharsets.UTF_8);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static List<String> participants(Document xml) {
        var nodes = xml.getElementsByTagName("ActiveParticipant");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            users.add(((Element) nodes.item(i)).getAttribute("UserID"));
        }
        return users;
    }

    private static Element first(Element parent, String tag) {
        return (Element) parent.getElementsByTagName(tag).item(0);
    }

    private String canonical(long sequence) throws Exception {
        try (Connection connection = TestPostgres.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select canonical from " + schema + ".audit_record where sequence = ?")) {
            select.setLong(1, sequence);
            var rs = select.executeQuery();
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private void rewrite(long sequence, String canonical) throws Exception {
        try (Connection connection = TestPostgres.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                    PreparedStatement update = connection.prepareStatement(
                            "update " + schema + ".audit_record set canonical = ? where sequence = ?")) {
                statement.execute("alter table " + schema + ".audit_record disable trigger audit_record_no_update");
                update.setString(1, canonical);
                update.setLong(2, sequence);
                assertThat(update.executeUpdate()).isEqualTo(1);
                statement.execute("alter table " + schema + ".audit_record enable trigger audit_record_no_update");
            }
            connection.commit();
        }
    }

    private static long sequenceOf(JsonNode event) {
        return event.get("sequence").asLong();
    }

    private static List<String> eventIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("events").forEach(event -> ids.add(event.get("eventId").asString()));
        return ids;
    }

    private HttpResponse<String> get(String path, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String auditor() {
        return TestIssuer.get().token("dev-auditor", "auditor");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
