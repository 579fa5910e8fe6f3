package health.isthmus.report;

import static health.isthmus.report.ReportClient.admin;
import static health.isthmus.report.ReportClient.clinician;
import static health.isthmus.report.ReportClient.mrn;
import static health.isthmus.report.ReportClient.radiologist;
import static health.isthmus.report.ReportClient.technologist;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.archive.ArchiveTopics;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.events.hl7.ReportObservation;
import health.isthmus.events.worklist.ProcedureScheduled;
import health.isthmus.events.worklist.ProcedureStep;
import health.isthmus.events.worklist.WorklistTopics;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reaches reports from elsewhere, over real Kafka and PostgreSQL: ORUs of external reporting systems (stored, or
 * refused and flagged when their patient contradicts the order: RELIABILITY T12), studies the archive stored (the
 * reading worklist), and reports served as FHIR DiagnosticReport.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.report.delivery.default-endpoint=127.0.0.1:9")
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportInputsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private ReportClient client;
    private TopicReader audit;

    @BeforeAll
    void connect() {
        client = new ReportClient(port, json);
        audit = new TopicReader(AuditTopics.RECORD);
    }

    @AfterAll
    void disconnect() {
        client.close();
        audit.close();
    }

    @Test
    void anExternalOruForAnotherPatientsOrderIsRefusedFlaggedAndAuditedNotAttached() throws Exception {
        orderKnown(ReportClient.order("GENHOSP", "ACC-X1", mrn("MRN200001")));

        client.send(Hl7Topics.REPORT, oru("ACC-X1", mrn("MRN299999"), "MSG-ORU-X1", "F", "IMPRESSION: Normal."));

        List<JsonNode> refusals = await(
                "/api/reports/refusals",
                admin(),
                found -> found.stream()
                        .anyMatch(r -> "ACC-X1".equals(r.get("accessionNumber").asString())));
        JsonNode refusal = refusals.stream()
                .filter(r -> "ACC-X1".equals(r.get("accessionNumber").asString()))
                .findFirst()
                .orElseThrow();
        assertThat(refusal.get("orderPatient").asString()).isEqualTo("GENHOSP|MRN200001");
        assertThat(refusal.get("receivedPatient").get(0).asString()).isEqualTo("GENHOSP|MRN299999");
        assertThat(refusal.get("sourceMessage").asString()).isEqualTo("REPORTING|GENHOSP|MSG-ORU-X1");
        assertThat(client.read(client.get("/api/reports?accession=ACC-X1", radiologist()))
                        .size())
                .as("the refused report is not attached to the order")
                .isZero();
        JsonNode record = awaitAudit("MSG-ORU-X1");
        assertThat(record.get("outcome").asString()).isEqualTo("SERIOUS_FAILURE");
        assertThat(record.get("objects").findValuesAsString("id")).contains("GENHOSP|MRN200001", "GENHOSP|MRN299999");
        assertThat(client.get("/api/reports/refusals", radiologist()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void anExternalOruForItsOwnPatientIsStoredAndItsCorrectionIsANewVersion() throws Exception {
        orderKnown(ReportClient.order("GENHOSP", "ACC-X2", mrn("MRN200002")));

        client.send(
                Hl7Topics.REPORT,
                oru("ACC-X2", mrn("MRN200002"), "MSG-ORU-X2", "F", "FINDINGS: Clear.", "IMPRESSION: Normal."));

        List<JsonNode> stored = await("/api/reports?accession=ACC-X2", radiologist(), found -> found.size() == 1);
        assertThat(stored).hasSize(1);
        JsonNode report = stored.getFirst();
        assertThat(report.get("origin").asString()).isEqualTo("external");
        assertThat(report.get("status").asString()).isEqualTo("final");
        assertThat(report.get("text").asString()).isEqualTo("FINDINGS: Clear.\nIMPRESSION: Normal.");
        assertThat(report.get("patient").get("value").asString()).isEqualTo("MRN200002");
        assertThat(report.get("deliveryState").asString())
                .as("an external report is not sent back")
                .isEqualTo("none");

        client.send(Hl7Topics.REPORT, oru("ACC-X2", mrn("MRN200002"), "MSG-ORU-X3", "C", "IMPRESSION: Fracture."));

        List<JsonNode> corrected = await(
                "/api/reports?accession=ACC-X2",
                radiologist(),
                found -> found.size() == 1
                        && "corrected".equals(found.getFirst().get("status").asString()));
        assertThat(corrected.getFirst().get("status").asString()).isEqualTo("corrected");
        assertThat(corrected.getFirst().get("version").asInt()).isEqualTo(2);
        long id = corrected.getFirst().get("id").asLong();
        assertThat(client.post("/api/reports/" + id + "/amend", "{\"text\": \"x\"}", radiologist())
                        .statusCode())
                .as("an external report changes at its source")
                .isEqualTo(409);
    }

    @Test
    void theReadingWorklistListsStoredStudiesUntilTheirReportIsSigned() throws Exception {
        orderKnown(ReportClient.order("GENHOSP", "ACC-W1", mrn("MRN200003")));
        String uid = "1.2.826.0.1.3680043.10.1234.7.1";
        client.send(
                ArchiveTopics.STUDY,
                new StudyStable(
                        new ArchivedStudy(
                                uid, "ACC-W1", "GENHOSP", mrn("MRN200003"), null, "FILED", List.of("CT"), 1, 40),
                        Instant.now()));

        List<JsonNode> unread = await(
                "/api/reports/worklist",
                radiologist(),
                found -> found.stream()
                        .anyMatch(s -> uid.equals(s.get("studyInstanceUid").asString())));
        assertThat(unread).anySatisfy(s -> {
            assertThat(s.get("studyInstanceUid").asString()).isEqualTo(uid);
            assertThat(s.get("numberOfInstances").asInt()).isEqualTo(40);
        });

        HttpResponse<String> created = client.post(
                "/api/reports", "{\"accessionNumber\": \"ACC-W1\", \"text\": \"IMPRESSION: Normal.\"}", radiologist());
        long id = client.read(created).get("id").asLong();
        assertThat(studyIn(client.read(client.get("/api/reports/worklist", radiologist())), uid)
                        .get("reportStatus")
                        .asString())
                .as("a draft leaves the study on the worklist")
                .isEqualTo("draft");

        assertThat(client.post("/api/reports/" + id + "/finalize", null, radiologist())
                        .statusCode())
                .isEqualTo(200);
        assertThat(client.read(client.get("/api/reports/worklist", radiologist()))
                        .valueStream()
                        .map(s -> s.get("studyInstanceUid").asString()))
                .doesNotContain(uid);
        assertThat(client.get("/api/reports/worklist", clinician()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aSignedReportIsServedAndFoundAsFhirDiagnosticReport() throws Exception {
        OrderPlaced order = ReportClient.order("GENHOSP", "ACC-F1", mrn("MRN200010"));
        client.send(Hl7Topics.ORDER, order);
        String uid = order.order().studyInstanceUid();
        client.send(
                WorklistTopics.PROCEDURE,
                new ProcedureScheduled(
                        new ProcedureStep(
                                4242,
                                "GENHOSP",
                                "ACC-F1",
                                "RP-ACC-F1",
                                "SPS-ACC-F1",
                                uid,
                                "CT",
                                null,
                                null,
                                mrn("MRN200010"),
                                null,
                                "SCHEDULED"),
                        "test"));
        awaitRow("select count(*) from report_order where accession_number = 'ACC-F1' and step_id = 4242"
                + " and placer_order_number is not null");
        HttpResponse<String> created = client.post(
                "/api/reports",
                "{\"accessionNumber\": \"ACC-F1\", \"text\": \"FINDINGS: Clear.\\nIMPRESSION: Normal.\"}",
                radiologist());
        long id = client.read(created).get("id").asLong();
        client.post("/api/reports/" + id + "/finalize", null, radiologist());

        HttpResponse<String> read = client.get("/fhir/DiagnosticReport/" + id, clinician());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode fhir = client.read(read);
        assertThat(fhir.get("resourceType").asString()).isEqualTo("DiagnosticReport");
        assertThat(fhir.get("status").asString()).isEqualTo("final");
        assertThat(fhir.get("identifier").get(0).get("value").asString()).isEqualTo("ACC-F1");
        assertThat(fhir.get("identifier")
                        .get(0)
                        .get("type")
                        .get("coding")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("ACSN");
        assertThat(fhir.get("subject").get("identifier").get("value").asString())
                .isEqualTo("MRN200010");
        assertThat(fhir.get("basedOn").get(0).get("reference").asString()).isEqualTo("ServiceRequest/4242");
        assertThat(fhir.get("imagingStudy")
                        .get(0)
                        .get("identifier")
                        .get("value")
                        .asString())
                .isEqualTo("urn:oid:" + uid);
        assertThat(new String(
                        Base64.getDecoder()
                                .decode(fhir.get("presentedForm")
                                        .get(0)
                                        .get("data")
                                        .asString()),
                        StandardCharsets.UTF_8))
                .isEqualTo("FINDINGS: Clear.\nIMPRESSION: Normal.");
        assertThat(fhir.get("resultsInterpreter").get(0).get("display").asString())
                .isEqualTo("dev-radiologist");

        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-F1")).containsExactly(String.valueOf(id));
        assertThat(fhirIds("/fhir/DiagnosticReport?patient=GENHOSP%7CMRN200010"))
                .containsExactly(String.valueOf(id));
        assertThat(fhirIds("/fhir/DiagnosticReport?based-on=ServiceRequest/4242"))
                .containsExactly(String.valueOf(id));
        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-F1&status=final"))
                .containsExactly(String.valueOf(id));
        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-F1&status=registered"))
                .isEmpty();
        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-F1&date=ge2020-01-01"))
                .containsExactly(String.valueOf(id));
        assertThat(fhirIds("/fhir/DiagnosticReport?identifier=ACC-F1&date=lt2020-01-01"))
                .isEmpty();
        assertThat(client.get("/fhir/DiagnosticReport/" + id, technologist()).statusCode())
                .isEqualTo(403);
        assertThat(client.get("/fhir/DiagnosticReport/999999", clinician()).statusCode())
                .isEqualTo(404);

        List<ConsumerRecord<String, byte[]>> reads = audit.await(
                r -> {
                    JsonNode record = json.readTree(r.value());
                    return "read DiagnosticReport"
                                    .equals(record.get("eventTypes")
                                            .get(0)
                                            .get("text")
                                            .asString())
                            && record.get("objects").findValuesAsString("id").contains("ACC-F1");
                },
                1,
                WAIT);
        assertThat(reads).as("the FHIR read is audited").isNotEmpty();
        JsonNode read1 = json.readTree(reads.getFirst().value());
        assertThat(read1.get("participants").get(0).get("userId").asString()).isEqualTo("dev-clinician");
        assertThat(read1.get("objects").findValuesAsString("id")).contains("GENHOSP|MRN200010");
    }

    @Test
    void anExternalToolCreatesADraftThroughFhirAndOnlyARadiologistCreatesItFinal() throws Exception {
        orderKnown(ReportClient.order("GENHOSP", "ACC-F2", mrn("MRN200011")));
        String draft = fhirReport("ACC-F2", "registered", "AI: no acute finding.");

        HttpResponse<String> byTool = client.post("/fhir/DiagnosticReport", draft, ReportClient.integration());
        assertThat(byTool.statusCode()).as(byTool.body()).isEqualTo(201);
        List<JsonNode> stored = client.read(client.get("/api/reports?accession=ACC-F2", radiologist()))
                .valueStream()
                .toList();
        assertThat(stored).hasSize(1);
        assertThat(stored.getFirst().get("status").asString()).isEqualTo("draft");
        assertThat(stored.getFirst().get("text").asString()).isEqualTo("AI: no acute finding.");
        assertThat(stored.getFirst().get("author").asString()).isEqualTo("dev-integration");
        assertThat(stored.getFirst().get("patient").get("value").asString()).isEqualTo("MRN200011");
        assertThat(client.post("/fhir/DiagnosticReport", draft, ReportClient.integration())
                        .statusCode())
                .as("one open report per order")
                .isEqualTo(409);

        orderKnown(ReportClient.order("GENHOSP", "ACC-F3", mrn("MRN200012")));
        String signed = fhirReport("ACC-F3", "final", "IMPRESSION: Normal.");
        assertThat(client.post("/fhir/DiagnosticReport", signed, ReportClient.integration())
                        .statusCode())
                .isEqualTo(403);
        assertThat(client.post("/fhir/DiagnosticReport", signed, clinician()).statusCode())
                .isEqualTo(403);
        assertThat(client.read(client.get("/api/reports?accession=ACC-F3", radiologist()))
                        .size())
                .isZero();
        HttpResponse<String> byRadiologist = client.post("/fhir/DiagnosticReport", signed, radiologist());
        assertThat(byRadiologist.statusCode()).as(byRadiologist.body()).isEqualTo(201);
        JsonNode report = client.read(client.get("/api/reports?accession=ACC-F3", radiologist()))
                .get(0);
        assertThat(report.get("status").asString()).isEqualTo("final");
        assertThat(report.get("signer").asString()).isEqualTo("dev-radiologist");
        assertThat(report.get("deliveryState").asString())
                .as("its ORU is queued")
                .isNotEqualTo("none");
    }

    private static String fhirReport(String accession, String status, String text) {
        return """
                {"resourceType": "DiagnosticReport", "status": "%s",
                 "identifier": [{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                   "code": "ACSN"}]}, "value": "%s"}],
                 "code": {"coding": [{"system": "http://loinc.org", "code": "18748-4"}]},
                 "presentedForm": [{"contentType": "text/plain", "data": "%s"}]}
                """.formatted(
                        status, accession, Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static ExternalReportReceived oru(
            String accession, PatientIdentifier patient, String controlId, String status, String... lines) {
        CodedValue code = new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L");
        List<ReportObservation> observations = new java.util.ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            observations.add(new ReportObservation(String.valueOf(i + 1), "TX", code, lines[i], status));
        }
        return new ExternalReportReceived(
                new health.isthmus.events.hl7.Hl7Origin(
                        9000 + Math.abs(controlId.hashCode() % 1000),
                        "REPORTING",
                        "GENHOSP",
                        controlId,
                        "R01",
                        Instant.now(),
                        "GENHOSP"),
                new PatientDemographics(
                        List.of(patient),
                        List.of(new PersonName("DOE", List.of("JANE"), null, null)),
                        LocalDate.of(1980, 2, 14),
                        "F"),
                "PO-" + accession,
                "FO-" + accession,
                accession,
                code,
                status,
                "20261127100000",
                "20261127120000",
                observations);
    }

    private void orderKnown(OrderPlaced order) throws Exception {
        client.send(Hl7Topics.ORDER, order);
        awaitRow("select count(*) from report_order where accession_number = '"
                + order.order().accessionNumber() + "'");
    }

    private void awaitRow(String countQuery) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (jdbc.sql(countQuery).query(Integer.class).single() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never found: " + countQuery);
    }

    private List<JsonNode> await(String path, String token, Predicate<List<JsonNode>> until) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        List<JsonNode> found;
        do {
            HttpResponse<String> response = client.get(path, token);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            found = client.read(response).valueStream().toList();
            if (until.test(found)) {
                return found;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return found;
    }

    private List<String> fhirIds(String path) throws Exception {
        HttpResponse<String> response = client.get(path, clinician());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode bundle = client.read(response);
        return bundle.has("entry")
                ? bundle.get("entry")
                        .valueStream()
                        .map(e -> e.get("resource").get("id").asString())
                        .toList()
                : List.of();
    }

    private static JsonNode studyIn(JsonNode worklist, String uid) {
        return worklist.valueStream()
                .filter(s -> uid.equals(s.get("studyInstanceUid").asString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(uid + " not on the worklist"));
    }

    private JsonNode awaitAudit(String controlId) {
        List<ConsumerRecord<String, byte[]>> found = audit.await(
                r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + controlId + "\""), 1, WAIT);
        assertThat(found).as("audit of %s", controlId).isNotEmpty();
        return json.readTree(found.getFirst().value());
    }
}
