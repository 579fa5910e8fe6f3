package health.isthmus.hl7ingest;

import static health.isthmus.hl7ingest.Hl7Fixtures.fixture;
import static health.isthmus.hl7ingest.Hl7Fixtures.segment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.OrderCancelled;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.events.hl7.PatientAdmitted;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.events.hl7.ReportObservation;
import health.isthmus.hl7.mllp.MllpClient;
import health.isthmus.hl7ingest.intake.MllpIntakeListener;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.hl7-ingest.mllp.port=0",
            "isthmus.hl7-ingest.senders.sites[0].name=GENHOSP",
            "isthmus.hl7-ingest.senders.sites[0].facility=GENHOSP",
            "isthmus.hl7-ingest.senders.sites[0].charset=UTF-8",
            "isthmus.hl7-ingest.senders.sites[0].default-assigning-authority=GENHOSP",
            "isthmus.hl7-ingest.senders.sites[1].name=NORTHCLINIC",
            "isthmus.hl7-ingest.senders.sites[1].facility=NORTHCLINIC",
            "isthmus.hl7-ingest.senders.sites[1].charset=UTF-8"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class Hl7IngestIT {

    @Autowired
    MllpIntakeListener listener;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int httpPort;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registrationIsAcknowledgedAfterItIsStoredAndBecomesAnEvent() throws IOException {
        String ack = send(fixture("adt_a04_register.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-A04-0001");
        assertThat(storedCount("MSG-A04-0001")).isEqualTo(1);
        try (TopicReader reader = new TopicReader("hl7.patient.v1")) {
            List<ConsumerRecord<String, byte[]>> records =
                    reader.await(r -> r.key().equals("GENHOSP|MRN100001"), 1, Duration.ofSeconds(30));
            assertThat(records).hasSize(1);
            PatientRegistered event = json.readValue(records.getFirst().value(), PatientRegistered.class);
            assertThat(event.patient().names().getFirst().family()).isEqualTo("DOE");
            assertThat(event.patient().birthDate()).hasToString("1980-02-14");
            assertThat(event.origin().controlId()).isEqualTo("MSG-A04-0001");
            assertThat(event.origin().site()).isEqualTo("GENHOSP");
        }
        AuditEventRecorded audit = json.readValue(awaitAudit("MSG-A04-0001"), AuditEventRecorded.class);
        assertThat(audit.event()).isEqualTo(AuditCodes.PATIENT_RECORD);
        assertThat(audit.action()).isEqualTo(AuditAction.C);
        assertThat(audit.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(audit.participants().getFirst().userId()).isEqualTo("EPICADT|GENHOSP");
        assertThat(audit.participants().getFirst().networkAccessPoint()).isEqualTo("127.0.0.1");
        assertThat(audit.objects())
                .extracting(AuditObject::type, AuditObject::id)
                .contains(tuple(AuditObject.Type.PATIENT, "GENHOSP|MRN100001"));
    }

    @Test
    void rawMessagesAreEncryptedAtRest() throws IOException {
        send(fixture("adt_a04_register.hl7"));

        var row = jdbc.sql("select raw_message, raw_sealed, key_id from hl7_message where control_id = ?")
                .param("MSG-A04-0001")
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2), rs.getString(3)})
                .single();
        assertThat(row[0]).as("no plain text column").isNull();
        assertThat(new String((byte[]) row[1], StandardCharsets.ISO_8859_1))
                .doesNotContain("DOE")
                .doesNotContain("MRN100001")
                .doesNotContain("MSH|");
        assertThat(row[2]).isEqualTo("k1");
    }

    @Test
    void concurrentConnectionsAreCommittedTogetherEachMessageOnceAndEachPatientsEventsInOrder() throws Exception {
        String template = Hl7Fixtures.fixtureText("adt_a08_update.hl7");
        int connections = 8;
        int perConnection = 25;
        List<java.util.concurrent.Future<List<String>>> answers;
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            answers = java.util.stream.IntStream.range(0, connections)
                    .mapToObj(c -> executor.submit(() -> {
                        List<String> codes = new java.util.ArrayList<>();
                        try (MllpClient client = new MllpClient("127.0.0.1", listener.port(), Duration.ofSeconds(30))) {
                            for (int i = 0; i < perConnection; i++) {
                                // every connection also sends message 0 of connection 0, a concurrent resend;
                                // the others are about a patient of the connection's own (none another test
                                // uses), so every commit lane is busy at once
                                String text = i == 0
                                        ? template.replace("MSG-A08-0001", "GRP-0-0")
                                                .replace("MRN100001", "MRNGRPRESENT")
                                        : template.replace("MSG-A08-0001", "GRP-" + c + "-" + i)
                                                .replace("MRN100001", "MRNGRP" + c);
                                byte[] message = text.getBytes(StandardCharsets.UTF_8);
                                codes.add(segment(new String(client.exchange(message), StandardCharsets.UTF_8), "MSA"));
                            }
                        }
                        return codes;
                    }))
                    .toList();
        }
        for (var answer : answers) {
            assertThat(answer.get()).allMatch(msa -> msa.startsWith("MSA|AA|GRP-"));
        }
        int distinct = 1 + connections * (perConnection - 1);
        assertThat(jdbc.sql("select count(*) from hl7_message where control_id like 'GRP-%'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(distinct);
        assertThat(jdbc.sql(
                                "select count(*) from outbox_event where topic = 'hl7.patient.v1' and payload like '%GRP-%'")
                        .query(Integer.class)
                        .single())
                .as("one event per distinct message")
                .isEqualTo(distinct);
        for (int c = 0; c < connections; c++) {
            java.util.regex.Pattern controlId = java.util.regex.Pattern.compile("GRP-" + c + "-(\\d+)");
            List<Integer> sent = jdbc
                    .sql("select payload from outbox_event where topic = 'hl7.patient.v1'"
                            + " and payload like ? order by id")
                    .param("%MRNGRP" + c + "%")
                    .query(String.class)
                    .list()
                    .stream()
                    .map(payload -> {
                        java.util.regex.Matcher found = controlId.matcher(payload);
                        assertThat(found.find()).as("event names its message").isTrue();
                        return Integer.parseInt(found.group(1));
                    })
                    .toList();
            assertThat(sent)
                    .as("patient MRNGRP%d's events in the order its messages were acknowledged", c)
                    .hasSize(perConnection - 1)
                    .isSorted();
        }
        // an operator reads from the metrics how long messages take, and how much of it is the commit
        String metrics = api("GET", "/actuator/prometheus", null).body();
        for (String phase : List.of("all", "commit")) {
            assertThat(handlingCount(metrics, phase))
                    .as("messages timed in phase %s", phase)
                    .isGreaterThanOrEqualTo(connections * perConnection);
            assertThat(metrics.lines())
                    .as("a histogram to read phase %s's percentiles from", phase)
                    .anyMatch(line -> line.startsWith("isthmus_hl7ingest_handling_seconds_bucket{")
                            && line.contains("phase=\"" + phase + "\"")
                            && line.contains("le=\"0.005\""));
        }
    }

    /** The count of the handling timer of one phase on a Prometheus page. */
    private static long handlingCount(String metrics, String phase) {
        return metrics.lines()
                .filter(line -> line.startsWith("isthmus_hl7ingest_handling_seconds_count{")
                        && line.contains("phase=\"" + phase + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void resentMessageGetsTheSameAnswerAndIsStoredOnce() throws IOException {
        byte[] message = fixture("adt_a08_update.hl7");

        String first = send(message);
        String second = send(message);

        assertThat(segment(first, "MSA")).isEqualTo("MSA|AA|MSG-A08-0001");
        assertThat(segment(second, "MSA")).isEqualTo("MSA|AA|MSG-A08-0001");
        assertThat(storedCount("MSG-A08-0001")).isEqualTo(1);
    }

    @Test
    void enhancedModeGetsAnAcceptAcknowledgmentAfterCommitAndTheSameOnResend() throws IOException {
        byte[] message = fixture("adt_a04_enhanced_ack.hl7");

        String first = send(message);
        String second = send(message);

        assertThat(segment(first, "MSA")).isEqualTo("MSA|CA|MSG-A04-0003");
        assertThat(segment(second, "MSA")).isEqualTo("MSA|CA|MSG-A04-0003");
        assertThat(storedCount("MSG-A04-0003")).isEqualTo(1);
    }

    @Test
    void nonAsciiNamesSurviveInTheDeclaredCharacterSet() throws IOException {
        String ack = send(fixture("adt_a01_admit_utf8.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-A01-0001");
        try (TopicReader reader = new TopicReader("hl7.patient.v1")) {
            List<ConsumerRecord<String, byte[]>> records =
                    reader.await(r -> r.key().equals("GENHOSP|MRN100003"), 1, Duration.ofSeconds(30));
            PatientAdmitted event = json.readValue(records.getFirst().value(), PatientAdmitted.class);
            assertThat(event.patient().names().getFirst().family()).isEqualTo("MÜLLER");
            assertThat(event.patient().names().getFirst().given()).containsExactly("JÜRGEN");
        }
    }

    @Test
    void messageWithoutPatientIdentifierGetsAeWithErrAndNothingIsStored() throws IOException {
        String ack = send(fixture("bad_missing_pid3.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AE|MSG-BAD-0001");
        assertThat(segment(ack, "ERR")).contains("PID^1^3").contains("101");
        assertThat(storedCount("MSG-BAD-0001")).isZero();
        assertThat(jdbc.sql("select count(*) from outbox_event where payload like '%MSG-BAD-0001%'"
                                + " and topic <> 'audit.record.v1'")
                        .query(Integer.class)
                        .single())
                .as("no event of a refused message")
                .isZero();
        AuditEventRecorded audit = json.readValue(awaitAudit("MSG-BAD-0001"), AuditEventRecorded.class);
        assertThat(audit.outcome()).isEqualTo(AuditOutcome.MINOR_FAILURE);
        assertThat(audit.outcomeDescription()).contains("PID-3");
    }

    @Test
    void inputThatIsNotHl7GetsArAndNothingIsStored() throws IOException {
        int before = jdbc.sql("select count(*) from hl7_message")
                .query(Integer.class)
                .single();

        String ack = send(fixture("bad_not_hl7.hl7"));

        assertThat(segment(ack, "MSA")).startsWith("MSA|AR");
        assertThat(jdbc.sql("select count(*) from hl7_message")
                        .query(Integer.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void senderOfNoConfiguredSiteIsRefusedWithArAndNothingIsStored() throws IOException {
        String elsewhere = new String(fixture("adt_a04_register.hl7"), StandardCharsets.UTF_8)
                .replace("|EPICADT|GENHOSP|", "|EPICADT|ELSEWHERE|")
                .replace("MSG-A04-0001", "MSG-ELSEWHERE-1");

        String ack = send(elsewhere.getBytes(StandardCharsets.UTF_8));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AR|MSG-ELSEWHERE-1");
        assertThat(segment(ack, "ERR")).contains("204");
        assertThat(storedCount("MSG-ELSEWHERE-1")).isZero();
    }

    @Test
    void identifierWithoutAnAuthorityTakesTheSitesDefault() throws IOException {
        String withoutAuthority = new String(fixture("adt_a04_register.hl7"), StandardCharsets.UTF_8)
                .replace("MRN100001^^^GENHOSP^MR", "MRN-NOAA-1^^^^MR")
                .replace("MSG-A04-0001", "MSG-NOAA-1");

        String ack = send(withoutAuthority.getBytes(StandardCharsets.UTF_8));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-NOAA-1");
        PatientRegistered registered = json.readValue(
                awaitOne("hl7.patient.v1", "GENHOSP|MRN-NOAA-1", "hl7.PatientRegistered.v1"), PatientRegistered.class);
        assertThat(registered.patient().primaryIdentifier().assigningAuthority())
                .isEqualTo("GENHOSP");
    }

    @Test
    void messageTypeNotTakenYetGetsAr() throws IOException {
        String query = new String(fixture("adt_a04_register.hl7"), StandardCharsets.UTF_8)
                .replace("ADT^A04^ADT_A01", "QBP^Q22^QBP_Q21")
                .replace("MSG-A04-0001", "MSG-QBP-0001");

        String ack = send(query.getBytes(StandardCharsets.UTF_8));

        assertThat(segment(ack, "MSA")).startsWith("MSA|AR|MSG-QBP-0001");
        assertThat(segment(ack, "ERR")).contains("200");
        assertThat(storedCount("MSG-QBP-0001")).isZero();
    }

    @Test
    void externalReportBecomesAReportEventKeyedLikeItsOrder() throws IOException {
        String ack = send(fixture("oru_r01_external_report.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-ORU-0001");
        ExternalReportReceived report = json.readValue(
                awaitOne("hl7.report.v1", "GENHOSP|ACC-9001", "hl7.ExternalReportReceived.v1"),
                ExternalReportReceived.class);
        assertThat(report.resultStatus()).isEqualTo("F");
        assertThat(report.accessionNumber()).isEqualTo("ACC-9001");
        assertThat(report.observations())
                .extracting(ReportObservation::value)
                .containsExactly("FINDINGS: No acute intracranial abnormality.", "IMPRESSION: Normal study.");
    }

    @Test
    void newOrderBecomesAnOrderEventKeyedByItsAccessionNumber() throws IOException {
        String ack = send(fixture("orm_o01_new_ct.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-ORM-0001");
        OrderPlaced placed =
                json.readValue(awaitOne("hl7.order.v1", "GENHOSP|ACC-9001", "hl7.OrderPlaced.v1"), OrderPlaced.class);
        assertThat(placed.order().placerOrderNumber()).isEqualTo("PO-5001");
        assertThat(placed.order().fillerOrderNumber()).isEqualTo("FO-7001");
        assertThat(placed.order().requestedProcedureId()).isEqualTo("RP-9001");
        assertThat(placed.order().scheduledProcedureStepId()).isEqualTo("SPS-9001");
        assertThat(placed.order().modality()).isEqualTo("CT");
        assertThat(placed.order().scheduledStart()).isEqualTo("20261127100000");
        assertThat(placed.order().priority()).isEqualTo("R");
        assertThat(placed.order().procedureCodes().getFirst().code()).isEqualTo("CTHEAD");
        assertThat(placed.order().orderingProvider().family()).isEqualTo("SMITH");
        assertThat(placed.order().studyInstanceUid()).isEqualTo("1.2.826.0.1.3680043.10.1234.1.9001");
        assertThat(placed.patient().primaryIdentifier().value()).isEqualTo("MRN100001");
    }

    @Test
    void cancelledOrderFollowsOnTheSameKey() throws IOException {
        String ack = send(fixture("orm_o01_cancel_ct.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-ORM-0002");
        OrderCancelled cancelled = json.readValue(
                awaitOne("hl7.order.v1", "GENHOSP|ACC-9001", "hl7.OrderCancelled.v1"), OrderCancelled.class);
        assertThat(cancelled.order().orderControl()).isEqualTo("CA");
        assertThat(cancelled.order().accessionNumber()).isEqualTo("ACC-9001");
    }

    @Test
    void scheduledWorkflowOrderCarriesTheIpcFields() throws IOException {
        String ack = send(fixture("omi_o23_new_mr.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-OMI-0001");
        OrderPlaced placed =
                json.readValue(awaitOne("hl7.order.v1", "GENHOSP|ACC-9002", "hl7.OrderPlaced.v1"), OrderPlaced.class);
        assertThat(placed.order().requestedProcedureId()).isEqualTo("RP-9002");
        assertThat(placed.order().scheduledProcedureStepId()).isEqualTo("SPS-9002");
        assertThat(placed.order().modality()).isEqualTo("MR");
        assertThat(placed.order().scheduledStationAeTitle()).isEqualTo("ISTHMUS_MR1");
        assertThat(placed.order().scheduledStart()).isEqualTo("20261127110000");
        assertThat(placed.order().studyInstanceUid()).isEqualTo("1.2.826.0.1.3680043.10.1234.1.9002");
    }

    @Test
    void aReportNamingAnotherPatientThanItsOrderIsRefusedWithAeAndAMergeRepointsTheOrder() throws IOException {
        String order = Hl7Fixtures.fixtureText("orm_o01_new_ct.hl7")
                .replace("MRN100001", "MRN700001")
                .replace("ACC-9001", "ACC-T12")
                .replace("MSG-ORM-0001", "MSG-ORM-T12");
        assertThat(segment(send(order.getBytes(StandardCharsets.UTF_8)), "MSA")).isEqualTo("MSA|AA|MSG-ORM-T12");
        String report = Hl7Fixtures.fixtureText("oru_r01_external_report.hl7").replace("ACC-9001", "ACC-T12");

        String wrongPatient = report.replace("MRN100001", "MRN700002").replace("MSG-ORU-0001", "MSG-ORU-T12A");
        String refused = send(wrongPatient.getBytes(StandardCharsets.UTF_8));

        assertThat(segment(refused, "MSA")).startsWith("MSA|AE|MSG-ORU-T12A");
        assertThat(segment(refused, "ERR")).contains("PID^1^3").contains("204");
        assertThat(storedCount("MSG-ORU-T12A"))
                .as("nothing of a refused report is kept")
                .isZero();

        String merge = Hl7Fixtures.fixtureText("adt_a40_merge.hl7")
                .replace("MRN100001", "MRN700003")
                .replace("MRN100099", "MRN700001")
                .replace("MSG-A40-0001", "MSG-A40-T12");
        assertThat(segment(send(merge.getBytes(StandardCharsets.UTF_8)), "MSA")).isEqualTo("MSA|AA|MSG-A40-T12");
        String survivor = report.replace("MRN100001", "MRN700003").replace("MSG-ORU-0001", "MSG-ORU-T12B");
        assertThat(segment(send(survivor.getBytes(StandardCharsets.UTF_8)), "MSA"))
                .as("after the merge the order is the survivor's")
                .isEqualTo("MSA|AA|MSG-ORU-T12B");

        try (TopicReader reader = new TopicReader("hl7.report.v1")) {
            List<ConsumerRecord<String, byte[]>> reports =
                    reader.await(r -> r.key().equals("GENHOSP|ACC-T12"), 2, Duration.ofSeconds(5));
            assertThat(reports)
                    .extracting(r -> json.readValue(r.value(), ExternalReportReceived.class)
                            .origin()
                            .controlId())
                    .as("only the report of the order's patient became an event")
                    .containsExactly("MSG-ORU-T12B");
        }
    }

    @Test
    void mergeNamesTheSurvivorAndTheRetiredIdentifier() throws IOException {
        String ack = send(fixture("adt_a40_merge.hl7"));

        assertThat(segment(ack, "MSA")).isEqualTo("MSA|AA|MSG-A40-0001");
        PatientsMerged merged = json.readValue(
                awaitOne("hl7.patient.v1", "GENHOSP|MRN100001", "hl7.PatientsMerged.v1"), PatientsMerged.class);
        assertThat(merged.retired()).extracting(PatientIdentifier::value).containsExactly("MRN100099");
        assertThat(merged.survivor().names().getFirst().family()).isEqualTo("DOE-SMITH");
    }

    @Test
    void storedMessagesAreFoundViewedAndReplayedThroughTheAdminApi() throws Exception {
        byte[] message = fixture("adt_a04_register.hl7");
        String registered = new String(message, StandardCharsets.UTF_8)
                .replace("MRN100001", "MRN-API-1")
                .replace("MSG-A04-0001", "MSG-API-0001");
        assertThat(segment(send(registered.getBytes(StandardCharsets.UTF_8)), "MSA"))
                .isEqualTo("MSA|AA|MSG-API-0001");
        String integration = TestIssuer.get().token("dev-integration", "integration");
        String admin = TestIssuer.get().token("dev-admin", "admin");

        JsonNode found = json.readTree(api("GET", "/api/hl7/messages?patient=GENHOSP%7CMRN-API-1", integration)
                .body());
        assertThat(found).hasSize(1);
        JsonNode summary = found.get(0);
        assertThat(summary.get("controlId").asString()).isEqualTo("MSG-API-0001");
        assertThat(summary.get("acknowledgmentCode").asString()).isEqualTo("AA");
        assertThat(summary.get("triggerEvent").asString()).isEqualTo("A04");
        long id = summary.get("id").asLong();
        assertThat(json.readTree(api("GET", "/api/hl7/messages?controlId=MSG-API-0001", integration)
                        .body()))
                .hasSize(1);

        HttpResponse<String> view = api("GET", "/api/hl7/messages/" + id, integration);
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(json.readTree(view.body()).get("rawText").asString()).contains("PID|1||MRN-API-1^^^GENHOSP^MR");
        try (TopicReader reader = new TopicReader("audit.record.v1")) {
            List<AuditEventRecorded> reads = reader
                    .await(
                            r -> new String(r.value(), StandardCharsets.UTF_8).contains("GENHOSP|MRN-API-1"),
                            4,
                            Duration.ofSeconds(30))
                    .stream()
                    .map(r -> json.readValue(r.value(), AuditEventRecorded.class))
                    .filter(audit -> audit.participants().getFirst().userId().equals("dev-integration"))
                    .toList();
            assertThat(reads)
                    .as("two searches and one view by the integration client, each audited")
                    .extracting(AuditEventRecorded::action)
                    .containsExactlyInAnyOrder(AuditAction.E, AuditAction.E, AuditAction.R);
        }

        assertThat(api("POST", "/api/hl7/messages/" + id + "/replay", integration)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> replayed = api("POST", "/api/hl7/messages/" + id + "/replay", admin);
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(json.readTree(replayed.body()).get("eventType").asString()).isEqualTo("hl7.PatientRegistered.v1");
        try (TopicReader reader = new TopicReader("hl7.patient.v1")) {
            assertThat(reader.await(r -> r.key().equals("GENHOSP|MRN-API-1"), 2, Duration.ofSeconds(30)))
                    .hasSize(2);
        }

        assertThat(api("GET", "/api/hl7/messages/999999", admin).statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/hl7/messages?limit=100000", admin).statusCode())
                .isEqualTo(400);
        assertThat(api("GET", "/api/hl7/messages", null).statusCode()).isEqualTo(401);
        assertThat(api("GET", "/api/hl7/messages", TestIssuer.get().token("dev-clinician", "clinician"))
                        .statusCode())
                .isEqualTo(403);
        JsonNode statistics =
                json.readTree(api("GET", "/api/hl7/statistics", admin).body());
        assertThat(statistics.findValuesAsString("triggerEvent")).contains("A04");
    }

    @Test
    void aSiteLimitedIntegrationClientFindsViewsAndCountsItsSitesMessagesOnly() throws Exception {
        String template = new String(fixture("adt_a04_register.hl7"), StandardCharsets.UTF_8);
        String genhosp = template.replace("MRN100001", "MRN-SITE-G").replace("MSG-A04-0001", "MSG-SITE-G");
        String north = template.replace("|EPICADT|GENHOSP|", "|EPICADT|NORTHCLINIC|")
                .replace("MRN100001^^^GENHOSP", "MRN-SITE-N^^^NORTHCLINIC")
                .replace("MSG-A04-0001", "MSG-SITE-N");
        assertThat(segment(send(genhosp.getBytes(StandardCharsets.UTF_8)), "MSA"))
                .isEqualTo("MSA|AA|MSG-SITE-G");
        assertThat(segment(send(north.getBytes(StandardCharsets.UTF_8)), "MSA")).isEqualTo("MSA|AA|MSG-SITE-N");
        String genhospIntegration =
                TestIssuer.get().tokenForSites(List.of("GENHOSP"), "dev-integration-genhosp", "integration");
        String integration = TestIssuer.get().token("dev-integration", "integration");
        String admin = TestIssuer.get().token("dev-admin", "admin");

        assertThat(controlIds("/api/hl7/messages?limit=1000", genhospIntegration))
                .contains("MSG-SITE-G")
                .doesNotContain("MSG-SITE-N");
        assertThat(controlIds("/api/hl7/messages?limit=1000", integration)).contains("MSG-SITE-G", "MSG-SITE-N");
        assertThat(controlIds("/api/hl7/messages?limit=1000", admin)).contains("MSG-SITE-G", "MSG-SITE-N");
        assertThat(controlIds("/api/hl7/messages?controlId=MSG-SITE-N", genhospIntegration))
                .isEmpty();
        JsonNode northSummary = json.readTree(api("GET", "/api/hl7/messages?controlId=MSG-SITE-N", admin)
                        .body())
                .get(0);
        assertThat(northSummary.get("site").asString()).isEqualTo("NORTHCLINIC");
        long northId = northSummary.get("id").asLong();

        int auditsBefore = auditRecords();
        HttpResponse<String> refused = api("GET", "/api/hl7/messages/" + northId, genhospIntegration);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("MRN-SITE-N");
        assertThat(auditRecords() - auditsBefore)
                .as("the refused view is audited once")
                .isOne();
        assertThat(api("GET", "/api/hl7/messages/" + northId, integration).statusCode())
                .isEqualTo(200);

        long genhospCount = a04Count(genhospIntegration);
        long allCount = a04Count(admin);
        assertThat(genhospCount)
                .as("GENHOSP's statistics leave NORTHCLINIC's messages out")
                .isEqualTo(jdbc.sql("select count(*) from hl7_message where site = 'GENHOSP' and trigger_event = 'A04'")
                        .query(Long.class)
                        .single());
        assertThat(allCount).isGreaterThan(genhospCount);
    }

    private List<String> controlIds(String path, String token) throws Exception {
        HttpResponse<String> response = api("GET", path, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).findValuesAsString("controlId");
    }

    private long a04Count(String token) throws Exception {
        long count = 0;
        for (JsonNode row :
                json.readTree(api("GET", "/api/hl7/statistics", token).body())) {
            if (row.get("triggerEvent").asString().equals("A04")) {
                count += row.get("count").asLong();
            }
        }
        return count;
    }

    private int auditRecords() {
        return jdbc.sql("select count(*) from outbox_event where topic = 'audit.record.v1'")
                .query(Integer.class)
                .single();
    }

    private HttpResponse<String> api(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] awaitAudit(String controlId) {
        try (TopicReader reader = new TopicReader("audit.record.v1")) {
            List<ConsumerRecord<String, byte[]>> records = reader.await(
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"" + controlId + "\""),
                    1,
                    Duration.ofSeconds(30));
            assertThat(records).as("audit record of %s", controlId).isNotEmpty();
            return records.getFirst().value();
        }
    }

    private byte[] awaitOne(String topic, String key, String type) {
        try (TopicReader reader = new TopicReader(topic)) {
            List<ConsumerRecord<String, byte[]>> records = reader.await(
                    r -> r.key().equals(key)
                            && new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)
                                    .equals(type),
                    1,
                    Duration.ofSeconds(30));
            assertThat(records).as("%s on %s", type, topic).isNotEmpty();
            return records.getFirst().value();
        }
    }

    private String send(byte[] message) throws IOException {
        return Hl7Fixtures.send(listener.port(), message);
    }

    private int storedCount(String controlId) {
        return jdbc.sql("select count(*) from hl7_message where control_id = ?")
                .param(controlId)
                .query(Integer.class)
                .single();
    }
}
