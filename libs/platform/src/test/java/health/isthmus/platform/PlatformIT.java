package health.isthmus.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.events.GoldenSamples;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.platform.audit.ApplicationStartAudit;
import health.isthmus.platform.housekeeping.EventTablesHousekeeping;
import health.isthmus.platform.inbox.EventInbox;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.platform.outbox.EventPublisher;
import health.isthmus.platform.outbox.OutboxRelay;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.TestPostgres;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = ProbeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class PlatformIT {

    @Autowired
    EventPublisher publisher;

    @Autowired
    EventInbox inbox;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    EventTablesHousekeeping housekeeping;

    @Autowired
    ApplicationStartAudit applicationStart;

    @Autowired
    ConfigurableEnvironment environment;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void committedEventReachesKafkaWithCloudEventHeadersAndRolledBackOneNever() {
        PatientRegistered rolledBack = registered("ROLLBACK-" + UUID.randomUUID());
        PatientRegistered committed = registered("COMMIT-" + UUID.randomUUID());

        transactions.executeWithoutResult(status -> {
            publisher.publish(rolledBack);
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> publisher.publish(committed));

        try (TopicReader reader = new TopicReader("hl7.patient.v1")) {
            List<ConsumerRecord<String, byte[]>> records =
                    reader.await(r -> r.key().equals(committed.partitionKey()), 1, Duration.ofSeconds(30));

            assertThat(records).hasSize(1);
            ConsumerRecord<String, byte[]> record = records.getFirst();
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("hl7.PatientRegistered.v1");
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/isthmus/platform-probe");
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(committed.partitionKey());
            assertThat(UUID.fromString(header(record, CloudEventHeaders.ID))).isNotNull();
            assertThat(json.readValue(record.value(), PatientRegistered.class)).isEqualTo(committed);
            assertThat(reader.seen()).noneMatch(r -> r.key().equals(rolledBack.partitionKey()));
        }
        assertThat(jdbc.sql("select count(*) from outbox_event where event_key = ?")
                        .param(rolledBack.partitionKey())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void eventCommittedWhileTheRelayWasDownIsSentLater() {
        // a row committed by a process that died before its relay ran: the next relay sends it
        String key = "GENHOSP|CRASH-" + UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox_event (event_id, topic, event_key, event_type, payload, occurred_at)
                        values (?, 'hl7.patient.v1', ?, 'hl7.PatientRegistered.v1', ?, now())
                        """)
                .params(UUID.randomUUID(), key, json.writeValueAsString(registered(key.substring(8))))
                .update();

        try (TopicReader reader = new TopicReader("hl7.patient.v1")) {
            assertThat(reader.await(r -> r.key().equals(key), 1, Duration.ofSeconds(30)))
                    .hasSize(1);
        }
    }

    @Test
    void anotherServicesRelayHoldingItsLockDoesNotHoldUpThisOne() throws Exception {
        // the services share one database: a relay of another schema, busy with its batch, holds its lock
        try (Connection other = TestPostgres.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("create schema if not exists another_service");
                statement.execute("set local search_path to another_service");
                try (ResultSet locked = statement.executeQuery(OutboxRelay.TRY_LOCK)) {
                    assertThat(locked.next() && locked.getBoolean(1)).isTrue();
                }
            }
            String key = "GENHOSP|BESIDE-" + UUID.randomUUID();
            transactions.executeWithoutResult(status -> publisher.publish(registered(key.substring(8))));

            try (TopicReader reader = new TopicReader("hl7.patient.v1")) {
                assertThat(reader.await(r -> r.key().equals(key), 1, Duration.ofSeconds(30)))
                        .as("published while another service's relay holds its lock")
                        .hasSize(1);
            }
            other.rollback();
        }
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> publisher.publish(registered("NO-TX"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void redeliveredEventTakesEffectOnce() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(
                "hl7.patient.v1",
                0,
                7L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                "GENHOSP|MRN100001",
                GoldenSamples.json(PatientRegistered.class),
                CloudEventHeaders.of(
                        UUID.randomUUID().toString(),
                        "hl7.PatientRegistered.v1",
                        "/isthmus/test",
                        Instant.now(),
                        "GENHOSP|MRN100001",
                        null),
                java.util.Optional.empty());
        AtomicInteger applied = new AtomicInteger();

        boolean first = inbox.receive(record, PatientRegistered.class, event -> applied.incrementAndGet());
        boolean second = inbox.receive(record, PatientRegistered.class, event -> applied.incrementAndGet());

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(applied).hasValue(1);
    }

    @Test
    void housekeepingRemovesOnlyPublishedOutboxRowsAndInboxRowsPastTheirRetention() {
        Instant now = Instant.now();
        UUID publishedLastWeek = outboxRow(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8)));
        UUID publishedToday = outboxRow(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
        UUID neverPublished = outboxRow(now.minus(Duration.ofDays(20)), null);
        String appliedLastMonth = inboxRow(now.minus(Duration.ofDays(31)));
        String appliedToday = inboxRow(now.minus(Duration.ofMinutes(5)));

        EventTablesHousekeeping.Removed removed = housekeeping.removeExpired();

        assertThat(removed.outbox()).isGreaterThanOrEqualTo(1);
        assertThat(removed.inbox()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select event_id from outbox_event where event_id = any(?)")
                        .param(new UUID[] {publishedLastWeek, publishedToday, neverPublished})
                        .query(UUID.class)
                        .list())
                .containsExactlyInAnyOrder(publishedToday, neverPublished);
        assertThat(jdbc.sql("select event_id from inbox_processed_event where event_id = any(?)")
                        .param(new String[] {appliedLastMonth, appliedToday})
                        .query(String.class)
                        .list())
                .containsExactly(appliedToday);
    }

    private UUID outboxRow(Instant occurred, @Nullable Instant published) {
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox_event (event_id, topic, event_key, event_type, payload, occurred_at, published_at)
                        values (?, 'housekeeping.probe.v1', 'k', 'probe', '{}', ?, ?)
                        """)
                .params(
                        eventId,
                        occurred.atOffset(ZoneOffset.UTC),
                        published == null ? null : published.atOffset(ZoneOffset.UTC))
                .update();
        return eventId;
    }

    private String inboxRow(Instant processed) {
        String eventId = UUID.randomUUID().toString();
        jdbc.sql("""
                        insert into inbox_processed_event
                            (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, processed_at)
                        values ('housekeeping-probe', ?, 'probe', 'housekeeping.probe.v1', 0, 0, ?)
                        """).params(eventId, processed.atOffset(ZoneOffset.UTC)).update();
        return eventId;
    }

    @Test
    void healthIsOpenAndEverythingElseNeedsAValidToken() throws Exception {
        TestIssuer issuer = TestIssuer.get();

        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/probe", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/probe", issuer.token("dev-clinician", "clinician")).body())
                .isEqualTo("ok");
        assertThat(get("/api/probe", issuer.expiredToken("dev-clinician", "clinician"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/api/probe", issuer.tokenForAudience("elsewhere", "dev-clinician", "clinician"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/api/probe", "not-a-jwt").statusCode()).isEqualTo(401);
    }

    @Test
    void eachRequestTheServiceRefusesItselfIsOneSecurityAlertWithTheCallersCorrelationId() throws Exception {
        TestIssuer issuer = TestIssuer.get();
        String run = UUID.randomUUID().toString().substring(0, 8);

        assertThat(refusedWith("/api/probe", null, "no-token-" + run)).isEqualTo(401);
        assertThat(refusedWith("/api/probe", issuer.expiredToken("dev-clinician", "clinician"), "expired-" + run))
                .isEqualTo(401);
        assertThat(refusedWith("/api/probe/admin/x", issuer.token("dev-clinician", "clinician"), "role-" + run))
                .isEqualTo(403);
        assertThat(refusedWith("/api/probe", issuer.token("dev-clinician", "clinician"), "allowed-" + run))
                .isEqualTo(200);

        assertThat(alertsFor("no-token-" + run))
                .singleElement()
                .satisfies(alert -> assertThat(alert)
                        .contains("\"code\":\"110113\"", "\"userId\":\"anonymous\"", "GET /api/probe", "401"));
        assertThat(alertsFor("expired-" + run)).hasSize(1);
        assertThat(alertsFor("role-" + run))
                .singleElement()
                .satisfies(alert -> assertThat(alert).contains("\"userId\":\"dev-clinician\"", "403"));
        assertThat(alertsFor("allowed-" + run)).isEmpty();
    }

    private int refusedWith(String path, @Nullable String token, String correlationId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Correlation-Id", correlationId);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private List<String> alertsFor(String correlationId) {
        return jdbc.sql("select payload from outbox_event where correlation_id = ? and topic = 'audit.record.v1'")
                .param(correlationId)
                .query(String.class)
                .list();
    }

    @Test
    void aStartRecordsTheConfigurationAndNamesTheSettingsChangedSinceThePreviousStartButNoValue() {
        // the context's own start was recorded when it became ready
        assertThat(startRecords()).isNotEmpty();
        assertThat(applicationStart.recordStart()).as("nothing changed since").isEmpty();

        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "changed-by-an-operator", Map.of("isthmus.probe.secret-setting", "s3cret-value-4711")));
        try {
            assertThat(applicationStart.recordStart()).containsExactly("isthmus.probe.secret-setting");
        } finally {
            environment.getPropertySources().remove("changed-by-an-operator");
        }

        String last = startRecords().getLast();
        assertThat(last)
                .contains("\"code\":\"110100\"", "\"code\":\"110120\"", "configuration-changed")
                .contains("isthmus.probe.secret-setting")
                .doesNotContain("s3cret-value-4711");
        assertThat(applicationStart.recordStart())
                .as("the setting removed again is a change too")
                .containsExactly("isthmus.probe.secret-setting");
    }

    private List<String> startRecords() {
        return jdbc.sql(
                        "select payload from outbox_event where topic = 'audit.record.v1' and payload like ? order by id")
                .param("%\"110120\"%")
                .query(String.class)
                .list();
    }

    @Test
    void unexpectedFailureIsAProblemDetailWithoutInternals() throws Exception {
        HttpResponse<String> response =
                get("/api/probe/failure", TestIssuer.get().token("dev-admin", "admin"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("com.example").doesNotContain("Exception");
        assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
    }

    @Test
    void onlyTheProjectsOwnBadRequestsShowTheirMessageToTheClient() throws Exception {
        String token = TestIssuer.get().token("dev-admin", "admin");

        HttpResponse<String> ours = get("/api/probe/bad-request", token);
        HttpResponse<String> libraries = get("/api/probe/library-argument", token);

        assertThat(ours.statusCode()).isEqualTo(400);
        assertThat(ours.body()).contains("limit must be between 1 and 1000");
        assertThat(libraries.statusCode()).isEqualTo(500);
        assertThat(libraries.body()).doesNotContain("com.example").doesNotContain("secret");
    }

    @Test
    void platformTablesLiveInTheServiceSchemaBesideItsOwn() {
        List<String> tables = jdbc.sql("select table_name from information_schema.tables where table_schema ="
                        + " current_schema() order by table_name")
                .query(String.class)
                .list();

        assertThat(tables).contains("probe", "outbox_event", "inbox_processed_event");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static PatientRegistered registered(String mrn) {
        PatientRegistered sample = (PatientRegistered) GoldenSamples.expected(PatientRegistered.class);
        PatientDemographics patient = new PatientDemographics(
                List.of(new PatientIdentifier(mrn, "GENHOSP", "MR")),
                sample.patient().names(),
                sample.patient().birthDate(),
                sample.patient().sex());
        return new PatientRegistered(sample.origin(), patient);
    }
}
