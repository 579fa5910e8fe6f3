package health.isthmus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.EventCatalog;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.CodedValue;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request the gateway refuses itself (401, 403, 413) yields exactly one Security Alert on the audit topic of a
 * real Kafka broker, naming the caller, its address, the method and path, the status and the correlation id; a
 * forwarded request yields none from the gateway; a caller refused more often than the threshold yields one more
 * alert for the window.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.direct-events.enabled=true",
            "isthmus.gateway.limits.max-body-size=1KB",
            "isthmus.gateway.audit.burst-threshold=3",
            "isthmus.gateway.audit.burst-window=60s"
        })
@WithTestIssuer
@WithKafka
class GatewayRefusalAuditIT extends GatewayWithStubServices {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration NO_MORE = Duration.ofSeconds(2);
    private static TopicReader audit;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void readTheAuditTopic() {
        audit = new TopicReader(AuditTopics.RECORD);
    }

    @AfterAll
    static void stopReading() {
        audit.close();
    }

    @Test
    void aRequestWithoutTokenYieldsOneAnonymousSecurityAlert() throws Exception {
        String correlationId = "refused-401-" + UUID.randomUUID();

        HttpResponse<String> response =
                send(request("/api/audit/events", null, correlationId).GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains(correlationId);
        AuditEventRecorded alert = theOnlyRecordOf(correlationId);
        assertRefusal(alert, "GET /api/audit/events", "401");
        assertThat(alert.outcomeDescription()).contains("no bearer token");
        assertThat(requestor(alert).userId()).isEqualTo("anonymous");
        assertThat(BACKEND.calls).hasValue(0);
    }

    @Test
    void aRoleTheMatrixRefusesYieldsOneSecurityAlertNamingTheSubject() throws Exception {
        String correlationId = "refused-403-" + UUID.randomUUID();
        String token = TestIssuer.get().token("audit-clinician", "clinician");

        HttpResponse<String> response =
                send(request("/api/audit/events", token, correlationId).GET());

        assertThat(response.statusCode()).isEqualTo(403);
        AuditEventRecorded alert = theOnlyRecordOf(correlationId);
        assertRefusal(alert, "GET /api/audit/events", "403");
        assertThat(alert.outcomeDescription()).contains("access matrix");
        assertThat(requestor(alert).userId()).isEqualTo("audit-clinician");
        assertThat(BACKEND.calls).hasValue(0);
    }

    @Test
    void aBodyOverTheLimitYieldsOneSecurityAlert() throws Exception {
        String correlationId = "refused-413-" + UUID.randomUUID();
        String token = TestIssuer.get().token("audit-radiologist", "radiologist");

        HttpResponse<String> response = send(request("/api/reports", token, correlationId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2048])));

        assertThat(response.statusCode()).isEqualTo(413);
        AuditEventRecorded alert = theOnlyRecordOf(correlationId);
        assertRefusal(alert, "POST /api/reports", "413");
        assertThat(requestor(alert).userId()).isEqualTo("audit-radiologist");
    }

    @Test
    void aForwardedRequestIsLeftToTheServiceToAudit() throws Exception {
        String correlationId = "forwarded-" + UUID.randomUUID();
        String token = TestIssuer.get().token("audit-auditor", "auditor");

        HttpResponse<String> response =
                send(request("/api/audit/events", token, correlationId).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(BACKEND.calls).hasValue(1);
        assertThat(audit.await(correlated(correlationId), 1, NO_MORE)).isEmpty();
    }

    @Test
    void aBurstOfRefusalsYieldsOneMoreAlertForTheWindow() throws Exception {
        String token = TestIssuer.get().token("burst-clinician", "clinician");
        String prefix = "burst-" + UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            assertThat(send(request("/api/audit/events", token, prefix + "-" + i)
                                    .GET())
                            .statusCode())
                    .isEqualTo(403);
        }

        Predicate<ConsumerRecord<String, byte[]>> burstOfThisCaller = record -> {
            AuditEventRecorded alert = parse(record);
            return alert.eventTypes().contains(AuditCodes.REFUSAL_BURST)
                    && requestor(alert).userId().equals("burst-clinician");
        };
        List<ConsumerRecord<String, byte[]>> bursts = audit.await(burstOfThisCaller, 2, WAIT);
        assertThat(bursts).hasSize(1);
        AuditEventRecorded burst = parse(bursts.getFirst());
        assertThat(burst.event()).isEqualTo(AuditCodes.SECURITY_ALERT);
        assertThat(burst.outcomeDescription()).contains("more than 3");
        // the fourth refusal crossed the threshold; every refusal kept its own record
        assertThat(burst.correlationId()).isEqualTo(prefix + "-3");
        assertThat(audit.await(
                        record -> CloudEventHeaders.read(record.headers(), CloudEventHeaders.CORRELATION_ID)
                                        .orElse("")
                                        .startsWith(prefix)
                                && !burstOfThisCaller.test(record),
                        6,
                        WAIT))
                .hasSize(6);
    }

    private AuditEventRecorded theOnlyRecordOf(String correlationId) {
        List<ConsumerRecord<String, byte[]>> records = audit.await(correlated(correlationId), 1, WAIT);
        assertThat(records).hasSize(1);
        // none more arrives
        assertThat(audit.await(correlated(correlationId), 2, NO_MORE)).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.getFirst();
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID))
                .isPresent();
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE))
                .contains(EventCatalog.wireType(AuditEventRecorded.class));
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE))
                .contains("/isthmus/gateway-service");
        return parse(record);
    }

    private static void assertRefusal(AuditEventRecorded alert, String methodAndPath, String status) {
        assertThat(alert.event()).isEqualTo(AuditCodes.SECURITY_ALERT);
        assertThat(alert.eventTypes()).first().isEqualTo(AuditCodes.USE_OF_RESTRICTED_FUNCTION);
        assertThat(alert.eventTypes()).extracting(CodedValue::code).contains(methodAndPath);
        assertThat(alert.outcome()).isEqualTo(AuditOutcome.SERIOUS_FAILURE);
        assertThat(alert.outcomeDescription()).startsWith(status);
        assertThat(alert.source().sourceId()).isEqualTo("gateway-service");
        assertThat(alert.objects()).isEmpty();
        assertThat(requestor(alert).networkAccessPoint()).isEqualTo("127.0.0.1");
    }

    private static AuditParticipant requestor(AuditEventRecorded alert) {
        return alert.participants().stream()
                .filter(AuditParticipant::requestor)
                .findFirst()
                .orElseThrow();
    }

    private static Predicate<ConsumerRecord<String, byte[]>> correlated(String correlationId) {
        return record -> CloudEventHeaders.read(record.headers(), CloudEventHeaders.CORRELATION_ID)
                .filter(correlationId::equals)
                .isPresent();
    }

    private AuditEventRecorded parse(ConsumerRecord<String, byte[]> record) {
        return json.readValue(record.value(), AuditEventRecorded.class);
    }

    private HttpRequest.Builder request(String path, @Nullable String token, String correlationId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Correlation-Id", correlationId);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return answer(http, request.build());
    }
}
