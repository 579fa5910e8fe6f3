package health.isthmus.audit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import health.isthmus.events.EventCatalog;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.CodedValue;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TestKafka;
import health.isthmus.testsupport.postgres.TestPostgres;
import health.isthmus.testsupport.process.ChildJvm;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.TestIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RELIABILITY.md T10, the audit side: audit-service, run as it ships ({@code java -jar}), is SIGKILLed three times
 * while it consumes 4,000 audit records; after the restarts every record is stored exactly once and the chain
 * verifies. Figures (records per second, verify time) are logged, not asserted.
 */
class AuditConsumerSurvivesKillsIT {

    private static final Logger log = LoggerFactory.getLogger(AuditConsumerSurvivesKillsIT.class);
    private static final int RECORDS = 4_000;
    private static final int KILLS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> SERVICE_JVM_OPTIONS =
            List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");

    private final String run = "kill-" + UUID.randomUUID().toString().substring(0, 8);
    private final String schema = TestPostgres.freshSchema(getClass());
    private final int httpPort = LoopbackPorts.free();
    private final Path directory = Path.of("target", "reliability", getClass().getSimpleName() + "-" + run)
            .toAbsolutePath();
    private final JsonMapper json = JsonMapper.builder().build();
    private @Nullable ChildJvm service;
    private int starts;

    @Test
    void everyRecordIsStoredOnceThoughTheConsumerIsKilledThreeTimes() throws Exception {
        quietKafkaClientLogs();
        try {
            startService();
            List<String> eventIds = publish();
            List<Long> killedAt = new ArrayList<>();
            List<Duration> restarts = new ArrayList<>();
            long steadyFrom = -1;
            Instant steadyStart = Instant.now();
            long steadyTo = 0;
            Duration steady = Duration.ZERO;
            for (int kill = 1; kill <= KILLS; kill++) {
                long threshold = (long) RECORDS * kill / (KILLS + 1);
                Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
                long now;
                while ((now = stored()) < threshold && Instant.now().isBefore(deadline)) {
                    if (kill == 1 && steadyFrom < 0 && now > 0) {
                        // the first start, consuming a topic already full: its pace is the consumer's own
                        steadyFrom = now;
                        steadyStart = Instant.now();
                    }
                    Thread.sleep(10);
                }
                if (kill == 1) {
                    steadyTo = stored();
                    steady = Duration.between(steadyStart, Instant.now());
                }
                long before = stored();
                if (before >= RECORDS) {
                    break;
                }
                service().kill();
                killedAt.add(before);
                restarts.add(startService());
            }
            Instant drainStart = Instant.now();
            Instant deadline = drainStart.plus(DRAIN_TIMEOUT);
            while (stored() < RECORDS && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            Duration drain = Duration.between(drainStart, Instant.now());
            long afterLastRestart = RECORDS - killedAt.getLast();

            assertThat(killedAt)
                    .as("kills made while records were being consumed")
                    .hasSize(KILLS);
            assertThat(storedEventIds()).as("records of this run stored").hasSize(RECORDS);
            assertThat(storedEventIds()).containsExactlyInAnyOrderElementsOf(eventIds);

            Instant verifyStart = Instant.now();
            JsonNode verified = verify();
            Duration verifyTime = Duration.between(verifyStart, Instant.now());
            assertThat(verified.get("valid").asBoolean())
                    .as(verified.toString())
                    .isTrue();
            assertThat(verified.get("checked").asLong()).isGreaterThanOrEqualTo(RECORDS);

            log.info(
                    "FIGURE T10 audit consumer: {} records, SIGKILLed at {} stored, restarts to HTTP port {};"
                            + " before the first kill {} records/s ({} records in {} ms, one transaction and offset"
                            + " commit each); the last {} records stored within {} ms of the last restart (the"
                            + " consumer group waits for the killed member's session to expire); verify of {} records"
                            + " took {} ms (through HTTP); none lost, none twice",
                    RECORDS,
                    killedAt,
                    restarts.stream().map(d -> d.toMillis() + " ms").toList(),
                    Math.round((steadyTo - Math.max(0, steadyFrom)) * 1000.0 / Math.max(1, steady.toMillis())),
                    steadyTo - Math.max(0, steadyFrom),
                    steady.toMillis(),
                    afterLastRestart,
                    drain.toMillis(),
                    verified.get("checked").asLong(),
                    verifyTime.toMillis());
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    /** Publishes every record as its producers do, keyed by patient, and waits for the broker's acknowledgments. */
    private List<String> publish() throws Exception {
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                String id = UUID.randomUUID().toString();
                AuditEventRecorded record = read(i);
                sends.add(producer.send(new ProducerRecord<>(
                        AuditTopics.RECORD,
                        null,
                        record.partitionKey(),
                        json.writeValueAsBytes(record),
                        CloudEventHeaders.of(
                                id,
                                EventCatalog.wireType(AuditEventRecorded.class),
                                "/isthmus/test",
                                Instant.now(),
                                record.partitionKey(),
                                null))));
                ids.add(id);
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }
        return ids;
    }

    private AuditEventRecorded read(int i) {
        return new AuditEventRecorded(
                AuditCodes.PATIENT_RECORD,
                List.of(new CodedValue("GET /fhir/Patient", "read Patient", "HTTP")),
                AuditAction.R,
                Instant.now(),
                AuditOutcome.SUCCESS,
                null,
                List.of(
                        new AuditParticipant(run, null, true, "127.0.0.1", List.of("ROLE_clinician")),
                        new AuditParticipant("patient-identity-service", null, false, null, List.of("Destination"))),
                new AuditSource("patient-identity-service", "GENHOSP"),
                List.of(new AuditObject(AuditObject.Type.PATIENT, "GENHOSP|MRN-" + (i % 50), "MR", null)),
                null);
    }

    private long stored() throws Exception {
        try (Connection connection = TestPostgres.dataSource().getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from " + schema + ".audit_record where user_ids @> array[?]::text[]")) {
            count.setString(1, run);
            ResultSet rs = count.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            // the schema is created by the service's first start
            return 0;
        }
    }

    private List<String> storedEventIds() throws Exception {
        try (Connection connection = TestPostgres.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select event_id from " + schema + ".audit_record where user_ids @> array[?]::text[]")) {
            select.setString(1, run);
            ResultSet rs = select.executeQuery();
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private JsonNode verify() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/audit/verify"))
                                .header(
                                        "Authorization",
                                        "Bearer " + TestIssuer.get().token("dev-auditor", "auditor"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private ChildJvm service() {
        if (service == null) {
            throw new IllegalStateException("audit-service is not running");
        }
        return service;
    }

    private Duration startService() throws IOException {
        Instant begin = Instant.now();
        List<String> arguments = new ArrayList<>(SERVICE_JVM_OPTIONS);
        arguments.addAll(List.of("-jar", ChildJvm.moduleJar("audit-service").toString()));
        TestIssuer issuer = TestIssuer.get();
        Stream.of(
                        "server.port=" + httpPort,
                        "server.address=127.0.0.1",
                        "spring.datasource.url=" + TestPostgres.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres",
                        "isthmus.db.schema=" + schema,
                        "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                        // a group of its own: the other ITs of this JVM consumed the topic as audit-service
                        "spring.kafka.consumer.group-id=audit-service-" + run,
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuer(),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri())
                .map(argument -> "--" + argument)
                .forEach(arguments::add);
        starts++;
        ChildJvm started = ChildJvm.start(
                "audit-service#" + starts,
                arguments,
                Map.of(
                        "ISTHMUS_PARENT_PID",
                        Long.toString(ProcessHandle.current().pid())),
                directory,
                directory.resolve("audit-service.log"));
        service = started;
        started.awaitPort(httpPort, START_TIMEOUT);
        return Duration.between(begin, Instant.now());
    }

    /** Without a Spring context the test JVM logs at DEBUG; Kafka's client chatter would drown the figures. */
    private static void quietKafkaClientLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
            logback.getLogger("org.apache.kafka").setLevel(Level.WARN);
        }
    }
}
