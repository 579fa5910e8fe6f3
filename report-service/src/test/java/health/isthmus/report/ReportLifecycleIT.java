package health.isthmus.report;

import static health.isthmus.report.ReportClient.admin;
import static health.isthmus.report.ReportClient.clinician;
import static health.isthmus.report.ReportClient.integration;
import static health.isthmus.report.ReportClient.mrn;
import static health.isthmus.report.ReportClient.radiologist;
import static health.isthmus.report.ReportClient.technologist;
import static health.isthmus.report.TestHis.get;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.report.ReportTopics;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reporting loop over real Kafka, PostgreSQL and MLLP: orders arrive as hl7-ingest publishes them, a radiologist
 * writes and signs a report, and its ORU^R01 reaches a HIS listener on loopback (libs/hl7's MLLP server, parsing with
 * HAPI) that answers AA or AE, is down for a while, or never answers (NORTHCLINIC's endpoint has no listener). Checks
 * the PLATFORM.md contract as written, the ORU's fields, the delivery states users see, the events and who may do what.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportLifecycleIT {

    private static final int HIS_PORT = LoopbackPorts.free();
    private static final int NOBODY_PORT = LoopbackPorts.free();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void his(DynamicPropertyRegistry registry) {
        registry.add("isthmus.report.delivery.default-endpoint", () -> "127.0.0.1:" + HIS_PORT);
        registry.add("isthmus.report.delivery.sites.NORTHCLINIC", () -> "127.0.0.1:" + NOBODY_PORT);
        registry.add("isthmus.report.delivery.sending-facility", () -> "ISTHMUS_RAD");
        registry.add("isthmus.report.delivery.initial-backoff", () -> "200ms");
        registry.add("isthmus.report.delivery.max-backoff", () -> "1s");
        registry.add("isthmus.report.delivery.max-attempts", () -> "6");
        registry.add("isthmus.report.delivery.ack-timeout", () -> "3s");
        registry.add("isthmus.report.delivery.poll-interval", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private ReportClient client;
    private TestHis his;
    private TopicReader reportEvents;

    @BeforeAll
    void connect() {
        client = new ReportClient(port, json);
        his = new TestHis(HIS_PORT).start();
        reportEvents = new TopicReader(ReportTopics.REPORT);
    }

    @AfterAll
    void disconnect() {
        client.close();
        his.close();
        reportEvents.close();
    }

    @Test
    void aFinalReportReachesTheHisAsOneOruAndItsAmendmentAsACorrection() throws Exception {
        orderKnown("GENHOSP", "ACC-R1", mrn("MRN100001"));

        HttpResponse<String> created = client.post(
                "/api/reports",
                "{\"accessionNumber\": \"ACC-R1\", \"text\": \"FINDINGS: No acute abnormality.\\nIMPRESSION: Normal.\"}",
                radiologist());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode draft = client.read(created);
        long id = draft.get("id").asLong();
        assertThat(draft.get("status").asString()).isEqualTo("draft");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/reports/" + id);
        assertThat(draft.get("patient").get("value").asString()).isEqualTo("MRN100001");
        assertThat(his.receivedFor("ACC-R1"))
                .as("nothing is sent before signing")
                .isEmpty();

        HttpResponse<String> finalized = client.post("/api/reports/" + id + "/finalize", null, radiologist());
        assertThat(finalized.statusCode()).as(finalized.body()).isEqualTo(200);
        assertThat(client.read(finalized).get("status").asString()).isEqualTo("final");
        assertThat(client.read(finalized).get("signer").asString()).isEqualTo("dev-radiologist");

        List<Terser> orus = his.awaitReceived("ACC-R1", 1, WAIT);
        assertThat(orus).hasSize(1);
        Terser oru = orus.getFirst();
        assertThat(get(oru, "MSH-9-1") + "^" + get(oru, "MSH-9-2")).isEqualTo("ORU^R01");
        assertThat(get(oru, "MSH-12")).isEqualTo("2.5.1");
        assertThat(get(oru, "MSH-4")).isEqualTo("ISTHMUS_RAD");
        assertThat(get(oru, "MSH-6")).isEqualTo("GENHOSP");
        assertThat(get(oru, "/PATIENT_RESULT/PATIENT/PID-3-1")).isEqualTo("MRN100001");
        assertThat(get(oru, "/PATIENT_RESULT/PATIENT/PID-3-4")).isEqualTo("GENHOSP");
        assertThat(get(oru, "/PATIENT_RESULT/PATIENT/PID-5-1")).isEqualTo("DOE");
        assertThat(get(oru, "/PATIENT_RESULT/PATIENT/PID-5-2")).isEqualTo("JANE");
        assertThat(get(oru, "/PATIENT_RESULT/PATIENT/PID-7")).isEqualTo("19800214");
        assertThat(get(oru, "/PATIENT_RESULT/ORDER_OBSERVATION/ORC-2")).isEqualTo("PO-ACC-R1");
        assertThat(get(oru, "/PATIENT_RESULT/ORDER_OBSERVATION/ORC-3")).isEqualTo("FO-ACC-R1");
        assertThat(get(oru, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-2")).isEqualTo("PO-ACC-R1");
        assertThat(get(oru, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3")).isEqualTo("FO-ACC-R1");
        assertThat(get(oru, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-4-1")).isEqualTo("CTHEAD");
        assertThat(get(oru, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-25")).isEqualTo("F");
        assertThat(get(oru, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-32-1-1")).isEqualTo("dev-radiologist");
        assertThat(observations(oru))
                .containsExactly("TX|FINDINGS: No acute abnormality.|F", "TX|IMPRESSION: Normal.|F");

        JsonNode delivered = client.awaitReport(
                id, r -> "delivered".equals(r.get("deliveryState").asString()));
        assertThat(delivered.get("deliveryState").asString()).isEqualTo("delivered");
        assertThat(delivered.get("status").asString()).isEqualTo("final");
        JsonNode delivery = delivered.get("deliveries").get(0);
        assertThat(delivery.get("acknowledgmentCode").asString()).isEqualTo("AA");
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("controlId").asString()).isEqualTo(get(oru, "MSH-10"));
        assertThat(awaitEvent("report.ReportFinalized.v1", "GENHOSP|ACC-R1")
                        .get("report")
                        .get("reportId")
                        .asLong())
                .isEqualTo(id);
        assertThat(awaitEvent("report.ReportDelivered.v1", "GENHOSP|ACC-R1")
                        .get("controlId")
                        .asString())
                .isEqualTo(get(oru, "MSH-10"));

        HttpResponse<String> amended = client.post(
                "/api/reports/" + id + "/amend",
                "{\"text\": \"IMPRESSION: Small left frontal contusion.\", \"reason\": \"missed finding\"}",
                radiologist());
        assertThat(amended.statusCode()).as(amended.body()).isEqualTo(200);
        assertThat(client.read(amended).get("status").asString()).isEqualTo("amended");

        List<Terser> both = his.awaitReceived("ACC-R1", 2, WAIT);
        assertThat(both).hasSize(2);
        Terser correction = both.get(1);
        assertThat(get(correction, "/PATIENT_RESULT/ORDER_OBSERVATION/OBR-25")).isEqualTo("C");
        assertThat(observations(correction)).containsExactly("TX|IMPRESSION: Small left frontal contusion.|C");
        assertThat(get(correction, "MSH-10")).isNotEqualTo(get(oru, "MSH-10"));
        JsonNode afterAmend = client.awaitReport(
                id,
                r -> r.get("deliveries").size() == 2
                        && "delivered".equals(r.get("deliveryState").asString()));
        assertThat(afterAmend.get("deliveryState").asString()).isEqualTo("delivered");
        assertThat(awaitEvent("report.ReportAmended.v1", "GENHOSP|ACC-R1")
                        .get("reason")
                        .asString())
                .isEqualTo("missed finding");

        HttpResponse<String> versions = client.get("/api/reports/" + id + "/versions", clinician());
        assertThat(client.read(versions).valueStream().map(v -> v.get("action").asString()))
                .containsExactly("created", "finalized", "amended");
    }

    @Test
    void anAeFromTheHisFailsTheDeliveryWithItsReasonAndAnAdminResendsIt() throws Exception {
        orderKnown("GENHOSP", "ACC-R2", mrn("MRN100002"));
        his.refuse("ACC-R2", "Order PO-ACC-R2 is closed");
        long id = createAndFinalize("ACC-R2", "IMPRESSION: Normal.");

        JsonNode failed = client.awaitReport(
                id, r -> "failed".equals(r.get("deliveryState").asString()));
        assertThat(failed.get("deliveryState").asString()).isEqualTo("failed");
        JsonNode delivery = failed.get("deliveries").get(0);
        assertThat(delivery.get("acknowledgmentCode").asString()).isEqualTo("AE");
        assertThat(delivery.get("lastError").asString()).contains("Order PO-ACC-R2 is closed");
        Thread.sleep(1000);
        assertThat(his.receivedFor("ACC-R2")).as("an AE is not retried").hasSize(1);
        JsonNode event = awaitEvent("report.ReportDeliveryFailed.v1", "GENHOSP|ACC-R2");
        assertThat(event.get("state").asString()).isEqualTo("failed");
        assertThat(event.get("reason").asString()).contains("Order PO-ACC-R2 is closed");

        HttpResponse<String> listed = client.get("/api/reports/deliveries?state=failed", admin());
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(client.read(listed).valueStream().map(d -> d.get("reportId").asLong()))
                .contains(id);

        his.accept("ACC-R2");
        long deliveryId = delivery.get("id").asLong();
        HttpResponse<String> resent = client.post("/api/reports/deliveries/" + deliveryId + "/resend", null, admin());
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        JsonNode delivered = client.awaitReport(
                id, r -> "delivered".equals(r.get("deliveryState").asString()));
        assertThat(delivered.get("deliveryState").asString()).isEqualTo("delivered");
        assertThat(his.receivedFor("ACC-R2")).hasSize(2);
        assertThat(client.post("/api/reports/deliveries/" + deliveryId + "/resend", null, admin())
                        .statusCode())
                .as("a delivered report is not resent")
                .isEqualTo(409);
    }

    @Test
    void whileTheHisIsDownTheDeliveryIsRetriedAndArrivesOnceWhenItIsBack() throws Exception {
        orderKnown("GENHOSP", "ACC-R3", mrn("MRN100003"));
        his.stop();
        try {
            long id = createAndFinalize("ACC-R3", "IMPRESSION: Normal.");
            JsonNode retrying = client.awaitReport(
                    id, r -> r.get("deliveries").get(0).get("attempts").asInt() >= 2);
            JsonNode delivery = retrying.get("deliveries").get(0);
            assertThat(retrying.get("deliveryState").asString()).isEqualTo("pending");
            assertThat(delivery.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(delivery.get("lastError").asString()).contains("no acknowledgment");
            assertThat(delivery.get("nextAttemptAt").isNull()).isFalse();
        } finally {
            his.start();
        }
        List<Terser> received = his.awaitReceived("ACC-R3", 1, WAIT);
        assertThat(received).hasSize(1);
        long id = reportOf("ACC-R3");
        JsonNode delivered = client.awaitReport(
                id, r -> "delivered".equals(r.get("deliveryState").asString()));
        assertThat(delivered.get("deliveryState").asString()).isEqualTo("delivered");
        Thread.sleep(500);
        assertThat(his.receivedFor("ACC-R3")).as("delivered once").hasSize(1);
    }

    @Test
    void aHisThatNeverAnswersDeadLettersTheDeliveryAfterTheLastTry() throws Exception {
        orderKnown(
                "NORTHCLINIC",
                "ACC-N1",
                new health.isthmus.events.common.PatientIdentifier("N-55", "NORTHCLINIC", "MR"));
        long id = createAndFinalize("ACC-N1", "IMPRESSION: Normal.");

        JsonNode dead = client.awaitReport(
                id, r -> "dead-lettered".equals(r.get("deliveryState").asString()));
        assertThat(dead.get("deliveryState").asString()).isEqualTo("dead-lettered");
        JsonNode delivery = dead.get("deliveries").get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(6);
        assertThat(delivery.get("destination").asString()).isEqualTo("127.0.0.1:" + NOBODY_PORT);
        assertThat(delivery.get("lastError").asString()).contains("6 tries");
        assertThat(awaitEvent("report.ReportDeliveryFailed.v1", "NORTHCLINIC|ACC-N1")
                        .get("state")
                        .asString())
                .isEqualTo("dead-lettered");
        HttpResponse<String> listed = client.get("/api/reports/deliveries?state=dead-lettered", admin());
        assertThat(client.read(listed).valueStream().map(d -> d.get("reportId").asLong()))
                .contains(id);
    }

    @Test
    void onePatientsReportsLeaveInTheOrderTheyWereSigned() throws Exception {
        orderKnown("GENHOSP", "ACC-R5", mrn("MRN100005"));
        orderKnown("GENHOSP", "ACC-R6", mrn("MRN100005"));
        his.stop();
        long first;
        long second;
        try {
            first = createAndFinalize("ACC-R5", "first");
            second = createAndFinalize("ACC-R6", "second");
            client.awaitReport(
                    first, r -> r.get("deliveries").get(0).get("attempts").asInt() >= 2);
            JsonNode waiting = client.awaitReport(second, r -> true);
            assertThat(waiting.get("deliveries").get(0).get("attempts").asInt())
                    .as("the later report waits behind the earlier one of the same patient")
                    .isZero();
        } finally {
            his.start();
        }
        client.awaitReport(
                second, r -> "delivered".equals(r.get("deliveryState").asString()));
        Terser r5 = his.awaitReceived("ACC-R5", 1, WAIT).getFirst();
        Terser r6 = his.awaitReceived("ACC-R6", 1, WAIT).getFirst();
        assertThat(get(r5, "MSH-10").compareTo(get(r6, "MSH-10")))
                .as("the first report's ORU was built and sent first")
                .isNegative();
        assertThat(client.awaitReport(first, r -> true)
                        .get("deliveries")
                        .get(0)
                        .get("deliveredAt")
                        .asString())
                .isLessThanOrEqualTo(client.awaitReport(second, r -> true)
                        .get("deliveries")
                        .get(0)
                        .get("deliveredAt")
                        .asString());
    }

    @Test
    void thePlatformContractHoldsAsWritten() throws Exception {
        orderKnown("GENHOSP", "ACC-R7", mrn("MRN100007"));
        HttpResponse<String> created =
                client.post("/api/reports", "{\"accessionNumber\": \"ACC-R7\", \"text\": \"Normal.\"}", radiologist());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = client.read(created);
        assertThat(body.has("id")).isTrue();
        assertThat(body.get("status").asString()).isEqualTo("draft");
        String id = body.get("id").asString();

        HttpResponse<String> read = client.get("/api/reports/" + id, radiologist());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(client.read(read).get("status").asString()).isEqualTo("draft");
        assertThat(client.read(read).get("deliveryState").asString()).isEqualTo("none");

        assertThat(client.post("/api/reports/" + id + "/finalize", null, radiologist())
                        .statusCode())
                .isEqualTo(200);
        JsonNode after = client.read(client.get("/api/reports/" + id, radiologist()));
        assertThat(after.get("status").asString()).isEqualTo("final");
        assertThat(after.get("deliveryState").asString()).isIn("pending", "delivered");
        assertThat(client.awaitReport(
                                Long.parseLong(id),
                                r -> "delivered".equals(r.get("deliveryState").asString()))
                        .get("deliveryState")
                        .asString())
                .isEqualTo("delivered");
    }

    @Test
    void theLifecycleRefusesWhatAReportsStateForbidsWithProblemDetails() throws Exception {
        orderKnown("GENHOSP", "ACC-R8", mrn("MRN100008"));
        HttpResponse<String> noAccession = client.post("/api/reports", "{\"text\": \"x\"}", radiologist());
        assertThat(noAccession.statusCode()).isEqualTo(400);
        assertThat(noAccession.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(client.read(noAccession).get("detail").asString()).contains("accessionNumber");
        assertThat(client.get("/api/reports/999999", radiologist()).statusCode())
                .isEqualTo(404);

        long id = createAndFinalize("ACC-R8", "IMPRESSION: Normal.");
        HttpResponse<String> secondDraft =
                client.post("/api/reports", "{\"accessionNumber\": \"ACC-R8\", \"text\": \"again\"}", radiologist());
        assertThat(secondDraft.statusCode()).isEqualTo(409);
        HttpResponse<String> editFinal = client.put("/api/reports/" + id, "{\"text\": \"changed\"}", radiologist());
        assertThat(editFinal.statusCode()).isEqualTo(409);
        assertThat(client.read(editFinal).get("detail").asString()).contains("amended");
        assertThat(client.post("/api/reports/" + id + "/finalize", null, radiologist())
                        .statusCode())
                .isEqualTo(409);
        assertThat(client.post("/api/reports/" + id + "/cancel", null, radiologist())
                        .statusCode())
                .isEqualTo(409);

        long other = create("ACC-R9", "draft text");
        assertThat(client.put("/api/reports/" + other, "{\"text\": \"better text\"}", radiologist())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> cancelled =
                client.post("/api/reports/" + other + "/cancel", "{\"reason\": \"wrong order\"}", radiologist());
        assertThat(client.read(cancelled).get("status").asString()).isEqualTo("cancelled");
        assertThat(client.read(client.get("/api/reports/" + other, radiologist()))
                        .get("text")
                        .asString())
                .isEqualTo("better text");
        assertThat(client.read(client.get("/api/reports?accession=ACC-R9&status=cancelled", clinician()))
                        .size())
                .isEqualTo(1);
        assertThat(client.read(client.get("/api/reports?patient=GENHOSP%7CMRN100008", clinician()))
                        .valueStream()
                        .map(r -> r.get("id").asLong()))
                .containsExactly(id);
    }

    @Test
    void onlyRadiologistsSignAndOnlyAdminsSeeDeliveries() throws Exception {
        orderKnown("GENHOSP", "ACC-R10", mrn("MRN100010"));
        String body = "{\"accessionNumber\": \"ACC-R10\", \"text\": \"Normal.\"}";
        assertThat(client.post("/api/reports", body, null).statusCode()).isEqualTo(401);
        assertThat(client.post("/api/reports", body, clinician()).statusCode()).isEqualTo(403);
        assertThat(client.post("/api/reports", body, technologist()).statusCode())
                .isEqualTo(403);
        HttpResponse<String> byTool = client.post("/api/reports", body, integration());
        assertThat(byTool.statusCode()).as(byTool.body()).isEqualTo(201);
        long id = client.read(byTool).get("id").asLong();
        assertThat(client.read(byTool).get("author").asString()).isEqualTo("dev-integration");

        assertThat(client.post("/api/reports/" + id + "/finalize", null, integration())
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.post("/api/reports/" + id + "/finalize", null, admin())
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.post("/api/reports/" + id + "/finalize", null, clinician())
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.read(client.get("/api/reports/" + id, radiologist()))
                        .get("status")
                        .asString())
                .as("refused signatures change nothing")
                .isEqualTo("draft");
        assertThat(client.get("/api/reports/" + id, clinician()).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/reports/" + id, technologist()).statusCode())
                .isEqualTo(403);
        assertThat(client.get("/api/reports/deliveries", radiologist()).statusCode())
                .isEqualTo(403);
        assertThat(client.get("/api/reports/deliveries", admin()).statusCode()).isEqualTo(200);
        assertThat(client.post("/api/reports/" + id + "/finalize", null, radiologist())
                        .statusCode())
                .isEqualTo(200);
    }

    private void orderKnown(String site, String accession, health.isthmus.events.common.PatientIdentifier patient)
            throws Exception {
        client.placeOrder(jdbc, site, accession, patient);
    }

    private long create(String accession, String text) throws Exception {
        HttpResponse<String> created = client.post(
                "/api/reports", client.body(Map.of("accessionNumber", accession, "text", text)), radiologist());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return client.read(created).get("id").asLong();
    }

    private long createAndFinalize(String accession, String text) throws Exception {
        long id = create(accession, text);
        HttpResponse<String> finalized = client.post("/api/reports/" + id + "/finalize", null, radiologist());
        assertThat(finalized.statusCode()).as(finalized.body()).isEqualTo(200);
        return id;
    }

    private long reportOf(String accession) throws Exception {
        return client.read(client.get("/api/reports?accession=" + accession, radiologist()))
                .get(0)
                .get("id")
                .asLong();
    }

    private static List<String> observations(Terser oru) throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; ; i++) {
            String base = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX";
            String type = oru.get(base + "-2");
            if (type == null) {
                return lines;
            }
            lines.add(type + "|" + oru.get(base + "-5") + "|" + oru.get(base + "-11"));
        }
    }

    private JsonNode awaitEvent(String type, String key) {
        List<ConsumerRecord<String, byte[]>> found =
                reportEvents.await(r -> key.equals(r.key()) && type.equals(header(r, "ce_type")), 1, WAIT);
        assertThat(found).as("%s for %s", type, key).isNotEmpty();
        return json.readTree(found.getLast().value());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
