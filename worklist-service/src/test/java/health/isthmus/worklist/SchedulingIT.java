package health.isthmus.worklist;

import static health.isthmus.worklist.WorklistClient.auditor;
import static health.isthmus.worklist.WorklistClient.clinician;
import static health.isthmus.worklist.WorklistClient.mrn;
import static health.isthmus.worklist.WorklistClient.origin;
import static health.isthmus.worklist.WorklistClient.radiologist;
import static health.isthmus.worklist.WorklistClient.technologist;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.GoldenSamples;
import health.isthmus.events.archive.ArchiveTopics;
import health.isthmus.events.archive.ArchivedStudy;
import health.isthmus.events.archive.InstanceStored;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.events.hl7.OrderChanged;
import health.isthmus.events.hl7.OrderDetails;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.events.hl7.OrderStatusChanged;
import health.isthmus.events.mpi.EnterprisePatientCreated;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUnlinked;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.events.mpi.MpiTopics;
import health.isthmus.events.worklist.WorklistTopics;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * The worklist's scheduling side over real Kafka and PostgreSQL, fed the order events hl7-ingest-service publishes
 * for the shared HL7 samples and the MPI's identity events: the rows the DICOM worklist serves, the REST list and
 * FHIR ServiceRequest, cancel, hold and release, a merge moving the Patient ID, redelivery, the worklist events and
 * audit records, and who may do what. GENHOSP's time zone is America/Chicago here, so the HL7 times are read as
 * Chicago's.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.worklist.sites.GENHOSP.zone=America/Chicago")
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private WorklistClient worklist;
    private TopicReader procedureEvents;
    private TopicReader auditRecords;

    @BeforeAll
    void connect() {
        worklist = new WorklistClient(port, json);
        procedureEvents = new TopicReader(WorklistTopics.PROCEDURE);
        auditRecords = new TopicReader(AuditTopics.RECORD);
    }

    @AfterAll
    void disconnect() {
        worklist.close();
        procedureEvents.close();
        auditRecords.close();
    }

    @Test
    void theCtOrderIsScheduledOnceAndItsCancelTakesItOffTheWorklist() throws Exception {
        OrderPlaced placed = WorklistClient.newCtOrder();
        String eventId = UUID.randomUUID().toString();
        worklist.send(Hl7Topics.ORDER, placed, GoldenSamples.json(OrderPlaced.class), eventId);

        JsonNode step = worklist.awaitStep("ACC-9001");
        assertThat(step.get("status").asString()).isEqualTo("SCHEDULED");
        Map<String, Object> row = row("ACC-9001");
        assertThat(row)
                .containsEntry("site", "GENHOSP")
                .containsEntry("patient_id", "MRN100001")
                .containsEntry("issuer_of_patient_id", "GENHOSP")
                .containsEntry("patient_name", "DOE^JANE^Q")
                .containsEntry("patient_sex", "F")
                .containsEntry("requested_procedure_id", "RP-9001")
                .containsEntry("scheduled_procedure_step_id", "SPS-9001")
                .containsEntry("requested_procedure_description", "CT HEAD WITHOUT CONTRAST")
                .containsEntry("modality", "CT")
                .containsEntry("requesting_physician", "SMITH^JOHN^^DR")
                .containsEntry("priority", "R")
                .containsEntry("requested_procedure_priority", "ROUTINE")
                .containsEntry("reason", "Headache")
                .containsEntry("study_instance_uid", "1.2.826.0.1.3680043.10.1234.1.9001")
                .containsEntry("on_hold", false);
        assertThat(row.get("patient_birth_date")).hasToString("1980-02-14");
        assertThat(row.get("scheduled_start_date")).hasToString("2026-11-27");
        assertThat(row.get("scheduled_start_time")).hasToString("10:00:00");
        assertThat(step.get("scheduledStart").asString()).isEqualTo("2026-11-27T16:00:00Z");
        assertThat(row.get("requested_procedure_codes").toString())
                .contains("\"code\": \"CTHEAD\"", "\"scheme\": \"L\"");

        JsonNode scheduled = awaitEvent("worklist.ProcedureScheduled.v1", "GENHOSP|ACC-9001");
        assertThat(scheduled.get("cause").asString()).isEqualTo("hl7 GENHOSP|MSG-ORM-0001 O01");
        assertThat(scheduled.get("step").get("patient").get("value").asString()).isEqualTo("MRN100001");
        JsonNode audit = awaitAudit("MSG-ORM-0001", "order scheduled");
        assertThat(audit.get("event").get("code").asString()).isEqualTo("110109");
        assertThat(audit.get("objects").findValuesAsString("id")).contains("GENHOSP|MRN100001", "ACC-9001");

        JsonNode request = single(worklist.fhirSearch("/fhir/ServiceRequest?identifier=ACC-9001"));
        assertThat(request.get("status").asString()).isEqualTo("active");
        assertThat(request.get("intent").asString()).isEqualTo("order");
        assertThat(request.get("subject").get("identifier").get("value").asString())
                .isEqualTo("MRN100001");
        assertThat(request.get("subject").get("display").asString()).isEqualTo("JANE Q DOE");
        assertThat(request.get("code").get("coding").get(0).get("code").asString())
                .isEqualTo("CTHEAD");
        assertThat(worklist.fhirSearch("/fhir/ServiceRequest?patient=GENHOSP%7CMRN100001&status=active"))
                .extracting(r -> r.get("id").asString())
                .contains(step.get("id").asString());

        // the same event delivered again, then the same order sent again under a new control id: one step, unchanged
        worklist.send(Hl7Topics.ORDER, placed, GoldenSamples.json(OrderPlaced.class), eventId);
        OrderPlaced resent =
                new OrderPlaced(origin("EPICRIS", "MSG-ORM-0001R", "O01"), placed.patient(), placed.order());
        worklist.send(Hl7Topics.ORDER, resent);
        awaitAudit("MSG-ORM-0001R", "order resent without changes");
        assertThat(worklist.steps("accession=ACC-9001")).hasSize(1);
        assertThat(row("ACC-9001").get("version")).isEqualTo(1);
        assertThat(history(step)).hasSize(1);

        worklist.send(Hl7Topics.ORDER, WorklistClient.ctCancel());

        worklist.awaitSteps("accession=ACC-9001&status=CANCELLED", found -> found.size() == 1);
        assertThat(worklist.steps("accession=ACC-9001&status=SCHEDULED")).isEmpty();
        assertThat(row("ACC-9001")).containsEntry("status", "CANCELLED");
        JsonNode cancelled = awaitEvent("worklist.ProcedureCancelled.v1", "GENHOSP|ACC-9001");
        assertThat(cancelled.get("step").get("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("cause").asString()).isEqualTo("hl7 GENHOSP|MSG-ORM-0002 O01");
        assertThat(single(worklist.fhirSearch("/fhir/ServiceRequest?identifier=ACC-9001"))
                        .get("status")
                        .asString())
                .isEqualTo("revoked");
        assertThat(history(step)).extracting(h -> h.get("action").asString()).containsExactly("scheduled", "cancelled");
        awaitAudit("MSG-ORM-0002", "order cancelled");

        String metrics = worklist.get("/actuator/prometheus", null).body();
        assertThat(metrics.lines().filter(line -> line.startsWith("isthmus_worklist_steps_changed_total")))
                .anySatisfy(line -> assertThat(line).contains("event=\"scheduled\"", "source=\"hl7\""))
                .anySatisfy(line -> assertThat(line).contains("event=\"cancelled\"", "source=\"hl7\""));
    }

    @Test
    void theMrOrderBringsItsStationAndIsFoundByStationModalityAndDay() throws Exception {
        worklist.send(Hl7Topics.ORDER, WorklistClient.newMrOrder());

        JsonNode step = worklist.awaitStep("ACC-9002");
        assertThat(step.get("scheduledStationAeTitle").asString()).isEqualTo("ISTHMUS_MR1");
        assertThat(step.get("scheduledStationName").asString()).isEqualTo("MR1");
        assertThat(step.get("requestedProcedureId").asString()).isEqualTo("RP-9002");
        assertThat(step.get("scheduledProcedureStepId").asString()).isEqualTo("SPS-9002");
        assertThat(step.get("studyInstanceUid").asString()).isEqualTo("1.2.826.0.1.3680043.10.1234.1.9002");
        assertThat(step.get("patientName").asString()).isEqualTo("ROE^RICHARD");
        assertThat(step.get("scheduledStartDate").asString()).isEqualTo("2026-11-27");
        assertThat(step.get("scheduledStartTime").asString()).startsWith("11:00");

        assertThat(worklist.steps("station=ISTHMUS_MR1&modality=MR&from=2026-11-27&to=2026-11-27"))
                .extracting(s -> s.get("accessionNumber").asString())
                .contains("ACC-9002");
        assertThat(worklist.steps("station=ISTHMUS_MR1&from=2026-11-28")).isEmpty();
        assertThat(worklist.steps("patient=GENHOSP%7CMRN100002"))
                .extracting(s -> s.get("accessionNumber").asString())
                .containsExactly("ACC-9002");

        HttpResponse<String> read =
                worklist.get("/fhir/ServiceRequest/" + step.get("id").asLong(), clinician());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode request = worklist.read(read);
        assertThat(request.get("occurrenceDateTime").asString()).startsWith("2026-11-27T");
        assertThat(request.get("category")
                        .get(0)
                        .get("coding")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("MR");
        assertThat(request.get("identifier").findValuesAsString("value"))
                .contains("ACC-9002", "urn:oid:1.2.826.0.1.3680043.10.1234.1.9002");
        // 11:00 in Chicago is 17:00 UTC
        assertThat(worklist.fhirSearch("/fhir/ServiceRequest?identifier=ACC-9002"
                        + "&occurrence=ge2026-11-27T16:30:00Z&occurrence=le2026-11-27T17:30:00Z"))
                .hasSize(1);
        assertThat(worklist.fhirSearch("/fhir/ServiceRequest?identifier=ACC-9002&occurrence=ge2026-11-27T17:30:00Z"))
                .isEmpty();
        assertThat(worklist.fhirSearch("/fhir/ServiceRequest?identifier=ACC-9002&authored=ge2026-01-01"))
                .hasSize(1);
        assertThat(worklist.get("/fhir/ServiceRequest/999999999", clinician()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void changesHoldAndReleaseReachTheStep() throws Exception {
        String run = suffix();
        String accession = "ACC-X" + run;
        OrderPlaced placed = order("NW", accession, mrn("MRN-X" + run), null, "20261201090000");
        worklist.send(Hl7Topics.ORDER, placed);
        JsonNode step = worklist.awaitStep(accession);
        assertThat(step.get("scheduledProcedureStepId").asString())
                .as("derived from the accession when the order has none")
                .isEqualTo(accession);
        assertThat(step.get("studyInstanceUid").asString()).as("generated").startsWith("2.25.");
        String studyUid = step.get("studyInstanceUid").asString();

        OrderPlaced moved = order("XO", accession, mrn("MRN-X" + run), null, "20261202143000");
        worklist.send(Hl7Topics.ORDER, new OrderChanged(moved.origin(), moved.patient(), moved.order()));
        JsonNode changed = single(worklist.awaitSteps(
                "accession=" + accession,
                found -> found.size() == 1
                        && found.getFirst().get("scheduledStartDate").asString().equals("2026-12-02")));
        assertThat(changed.get("scheduledStartTime").asString()).startsWith("14:30");
        assertThat(changed.get("studyInstanceUid").asString()).as("stable").isEqualTo(studyUid);
        JsonNode changedEvent = awaitEvent("worklist.ProcedureChanged.v1", "GENHOSP|" + accession);
        assertThat(changedEvent.get("step").get("scheduledStart").asString()).isEqualTo("2026-12-02T20:30:00Z");

        OrderPlaced hold = order("HD", accession, mrn("MRN-X" + run), "HD", null);
        worklist.send(Hl7Topics.ORDER, new OrderStatusChanged(hold.origin(), hold.patient(), hold.order()));
        worklist.awaitSteps(
                "accession=" + accession,
                found -> found.getFirst().get("onHold").asBoolean());
        assertThat(single(worklist.fhirSearch("/fhir/ServiceRequest?identifier=" + accession))
                        .get("status")
                        .asString())
                .isEqualTo("on-hold");

        OrderPlaced release = order("RL", accession, mrn("MRN-X" + run), "SC", null);
        worklist.send(Hl7Topics.ORDER, new OrderStatusChanged(release.origin(), release.patient(), release.order()));
        worklist.awaitSteps(
                "accession=" + accession,
                found -> !found.getFirst().get("onHold").asBoolean());
        assertThat(history(step))
                .extracting(h -> h.get("action").asString())
                .containsExactly("scheduled", "changed", "held", "released");
    }

    @Test
    void anMpiMergeMovesThePatientIdAndDemographicsOfOpenSteps() throws Exception {
        String run = suffix();
        PatientIdentifier kept = mrn("MRN-K" + run);
        PatientIdentifier retired = mrn("MRN-R" + run);
        String accession = "ACC-M" + run;
        worklist.send(Hl7Topics.ORDER, order("NW", accession, retired, null, "20261203080000"));
        JsonNode step = worklist.awaitStep(accession);
        assertThat(step.get("patientId").asString()).isEqualTo(retired.value());

        UUID euid = UUID.randomUUID();
        UUID retiredEuid = UUID.randomUUID();
        worklist.send(
                MpiTopics.PATIENT,
                new EnterprisePatientMerged(
                        euid,
                        List.of(kept),
                        new PatientDemographics(
                                List.of(kept),
                                List.of(new PersonName("SMITH", List.of("JANE"), null, null)),
                                LocalDate.of(1980, 2, 14),
                                "F"),
                        List.of(retired),
                        retiredEuid,
                        new MpiCause("hl7", "GENHOSP|MSG-A40-" + run + " A40", null)));

        JsonNode merged = single(worklist.awaitSteps(
                "accession=" + accession,
                found -> found.size() == 1
                        && found.getFirst().get("patientId").asString().equals(kept.value())));
        assertThat(merged.get("issuerOfPatientId").asString()).isEqualTo("GENHOSP");
        assertThat(merged.get("patientName").asString()).isEqualTo("SMITH^JANE");
        assertThat(merged.get("euid").asString()).isEqualTo(euid.toString());
        assertThat(row(accession)).containsEntry("patient_id", kept.value());
        assertThat(worklist.steps("patient=GENHOSP%7C" + retired.value())).isEmpty();
        JsonNode changed = awaitEvent("worklist.ProcedureChanged.v1", "GENHOSP|" + accession);
        assertThat(changed.get("cause").asString()).isEqualTo("mpi mpi.EnterprisePatientMerged.v1");
        assertThat(changed.get("step").get("patient").get("value").asString()).isEqualTo(kept.value());
        assertThat(history(step)).extracting(h -> h.get("action").asString()).contains("patient id changed");

        // an order for the survivor after the merge picks up the identity the MPI named
        String later = "ACC-L" + run;
        worklist.send(Hl7Topics.ORDER, order("NW", later, kept, null, "20261204080000"));
        assertThat(worklist.awaitStep(later).get("euid").asString()).isEqualTo(euid.toString());

        // the HIS still sends the retired number: a change of the merged order and a new order stay with the survivor
        OrderPlaced stale = order("XO", accession, retired, null, "20261203093000");
        worklist.send(Hl7Topics.ORDER, new OrderChanged(stale.origin(), stale.patient(), stale.order()));
        String afterMerge = "ACC-S" + run;
        worklist.send(Hl7Topics.ORDER, order("NW", afterMerge, retired, null, "20261204090000"));
        JsonNode redirected = worklist.awaitStep(afterMerge);
        assertThat(redirected.get("patientId").asString()).isEqualTo(kept.value());
        assertThat(redirected.get("euid").asString()).isEqualTo(euid.toString());
        JsonNode changedAgain = single(worklist.awaitSteps(
                "accession=" + accession,
                found -> found.getFirst().get("scheduledStartTime").asString().startsWith("09:30")));
        assertThat(changedAgain.get("patientId").asString()).isEqualTo(kept.value());
    }

    @Test
    void linksAndUnlinksOfTheMpiMoveTheStepBetweenIdentities() throws Exception {
        String run = suffix();
        PatientIdentifier local = mrn("MRN-J" + run);
        PatientIdentifier north = new PatientIdentifier("N" + run, "NORTHCLINIC", "MR");
        String accession = "ACC-J" + run;
        worklist.send(Hl7Topics.ORDER, order("NW", accession, local, null, "20261206080000"));
        JsonNode step = worklist.awaitStep(accession);
        assertThat(step.has("euid")).as("no identity known yet").isFalse();

        UUID person = UUID.randomUUID();
        PatientDemographics demographics = new PatientDemographics(
                List.of(north), List.of(new PersonName("DOE", List.of("JANE", "ANN"), null, null)), null, null);
        worklist.send(
                MpiTopics.PATIENT,
                new EnterprisePatientLinked(
                        person,
                        List.of(north, local),
                        demographics,
                        List.of(local),
                        UUID.randomUUID(),
                        new MpiCause("review", "task 7", "dev-admin")));
        JsonNode linked = single(worklist.awaitSteps(
                "accession=" + accession, found -> found.getFirst().has("euid")));
        assertThat(linked.get("euid").asString()).isEqualTo(person.toString());
        assertThat(linked.get("patientId").asString())
                .as("still the local number")
                .isEqualTo(local.value());
        assertThat(linked.get("patientName").asString()).isEqualTo("DOE^JANE^ANN");
        assertThat(linked.get("otherPatientIds").findValuesAsString("value")).contains(north.value());

        UUID split = UUID.randomUUID();
        worklist.send(
                MpiTopics.PATIENT,
                new EnterprisePatientUnlinked(
                        person,
                        List.of(north),
                        demographics,
                        List.of(local),
                        split,
                        new MpiCause("admin", "unlink", "dev-admin")));
        JsonNode unlinked = single(worklist.awaitSteps(
                "accession=" + accession,
                found -> found.getFirst().get("euid").asString().equals(split.toString())));
        assertThat(unlinked.get("otherPatientIds").findValuesAsString("value")).containsExactly(local.value());
        assertThat(worklist.steps("patient=NORTHCLINIC%7CN" + run)).isEmpty();
        assertThat(history(step))
                .extracting(h -> h.get("cause").asString())
                .contains("mpi mpi.EnterprisePatientLinked.v1", "mpi mpi.EnterprisePatientUnlinked.v1");
    }

    @Test
    void aStepScheduledAfterTheMpiNamedItsPatientCarriesTheEuidAndTheOtherIdentifiers() throws Exception {
        String run = suffix();
        PatientIdentifier local = mrn("MRN-C" + run);
        PatientIdentifier north = new PatientIdentifier("N" + run, "NORTHCLINIC", "MR");
        UUID euid = UUID.randomUUID();
        worklist.send(
                MpiTopics.PATIENT,
                new EnterprisePatientCreated(
                        euid,
                        List.of(local, north),
                        new PatientDemographics(List.of(local), List.of(), null, null),
                        new MpiCause("hl7", "GENHOSP|MSG-A04-" + run + " A04", null)));
        // the MPI event travels on another topic than the order: schedule once the worklist has taken it in
        awaitKnownIdentity(local);
        String accession = "ACC-C" + run;
        worklist.send(Hl7Topics.ORDER, order("NW", accession, local, null, "20261205080000"));
        JsonNode step = worklist.awaitStep(accession);
        assertThat(step.get("euid").asString()).isEqualTo(euid.toString());
        assertThat(step.get("otherPatientIds").findValuesAsString("value")).contains(local.value(), north.value());
        assertThat(worklist.steps("patient=NORTHCLINIC%7CN" + run))
                .as("found by another identifier of the identity")
                .extracting(s -> s.get("accessionNumber").asString())
                .containsExactly(accession);
    }

    @Test
    void usersCreateAndCancelEntriesAndBadInputIsRefused() throws Exception {
        String run = suffix();
        String body = """
                {"site": "GENHOSP", "patientId": "MRN-U%s", "issuerOfPatientId": "GENHOSP",
                 "patientName": {"family": "DOE", "given": ["JOHN"]}, "patientBirthDate": "1970-01-01",
                 "patientSex": "M", "modality": "US", "scheduledStationAeTitle": "US_ROOM2",
                 "scheduledStart": "2026-12-07T09:15", "priority": "S",
                 "procedureCode": {"code": "USABD", "text": "US ABDOMEN"}}
                """.formatted(run);
        HttpResponse<String> created = worklist.post("/api/worklist/steps", body, technologist());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode step = worklist.read(created);
        assertThat(step.get("accessionNumber").asString()).startsWith("WL");
        assertThat(step.get("requestedProcedurePriority").asString()).isEqualTo("STAT");
        assertThat(step.get("scheduledStart").asString()).isEqualTo("2026-12-07T15:15:00Z");
        assertThat(step.get("patientName").asString()).isEqualTo("DOE^JOHN");
        assertThat(created.headers().firstValue("Location")).hasValue("/api/worklist/steps/" + step.get("id"));
        String key = "GENHOSP|" + step.get("accessionNumber").asString();
        assertThat(awaitEvent("worklist.ProcedureScheduled.v1", key)
                        .get("cause")
                        .asString())
                .isEqualTo("user dev-technologist");

        assertThat(worklist.get("/api/worklist/steps/" + step.get("id"), radiologist())
                        .statusCode())
                .isEqualTo(200);
        JsonNode viewed = awaitAudit(step.get("accessionNumber").asString(), "view worklist step");
        assertThat(viewed.get("participants").get(0).get("userId").asString()).isEqualTo("dev-radiologist");
        assertThat(viewed.get("objects").findValuesAsString("id")).contains("GENHOSP|MRN-U" + run);

        HttpResponse<String> cancelled =
                worklist.post("/api/worklist/steps/" + step.get("id") + "/cancel", "", technologist());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(worklist.read(cancelled).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(awaitEvent("worklist.ProcedureCancelled.v1", key)
                        .get("cause")
                        .asString())
                .isEqualTo("user dev-technologist");
        assertThat(history(step)).extracting(h -> h.get("cause").asString()).containsOnly("user dev-technologist");
        assertThat(awaitAudit(step.get("accessionNumber").asString(), "cancel worklist step")
                        .get("participants")
                        .get(0)
                        .get("userId")
                        .asString())
                .isEqualTo("dev-technologist");

        assertBadRequest(
                worklist.post("/api/worklist/steps", body.replace("\"US\"", "\"\""), technologist()), "modality");
        assertBadRequest(
                worklist.post("/api/worklist/steps", body.replace("\"S\"", "\"SOON\""), technologist()), "priority");
        assertBadRequest(worklist.post("/api/worklist/steps", "{not json", technologist()), null);
        assertBadRequest(worklist.get("/api/worklist/steps?patient=MRN100001", technologist()), "AUTH|ID");
        assertBadRequest(worklist.get("/api/worklist/steps?limit=100000", technologist()), "limit");
        assertBadRequest(worklist.get("/api/worklist/steps?status=DONE", technologist()), "status");
        assertBadRequest(worklist.get("/api/worklist/steps?from=27.11.2026", technologist()), "from");
        assertThat(worklist.get("/api/worklist/steps/999999999", technologist()).statusCode())
                .isEqualTo(404);
        HttpResponse<String> unknownCancel = worklist.post("/api/worklist/steps/999999999/cancel", "", technologist());
        assertThat(unknownCancel.statusCode()).isEqualTo(404);
        assertThat(worklist.read(unknownCancel).get("detail").asString()).contains("999999999");
        awaitAudit("/api/worklist/steps/999999999/cancel", "cancel worklist step (refused)");
        String again = body.replace(
                "\"modality\"",
                "\"accessionNumber\": \"" + step.get("accessionNumber").asString() + "\", \"modality\"");
        HttpResponse<String> duplicate = worklist.post("/api/worklist/steps", again, technologist());
        assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);
        assertThat(worklist.get("/fhir/ServiceRequest?status=finished", clinician())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void onlyTheRolesOfTheWorklistGetIn() throws Exception {
        assertThat(worklist.get("/api/worklist/steps", null).statusCode()).isEqualTo(401);
        assertThat(worklist.get("/fhir/ServiceRequest", null).statusCode()).isEqualTo(401);
        assertThat(worklist.get("/api/worklist/steps", clinician()).statusCode())
                .isEqualTo(403);
        assertThat(worklist.get("/api/worklist/steps", auditor()).statusCode()).isEqualTo(403);
        assertThat(worklist.get("/fhir/ServiceRequest", auditor()).statusCode()).isEqualTo(403);
        assertThat(worklist.get("/api/worklist/steps", radiologist()).statusCode())
                .isEqualTo(200);
        assertThat(worklist.post("/api/worklist/steps", "{}", radiologist()).statusCode())
                .as("radiologists read, they do not schedule")
                .isEqualTo(403);
        assertThat(worklist.post("/api/worklist/steps/1/cancel", "", clinician())
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> docs = worklist.get("/api/worklist/v3/api-docs", technologist());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/worklist/steps", "/api/worklist/steps/{id}/cancel");
    }

    @Test
    void imagesArrivingInTheArchiveShowOnTheStepAndInItsHistoryOnceEach() throws Exception {
        String accession = "ACC-IMG-" + suffix();
        PatientIdentifier patient = WorklistClient.mrn("MRN-IMG-" + suffix());
        worklist.send(Hl7Topics.ORDER, order("NW", accession, patient, null, "20261207080000"));
        JsonNode step = worklist.awaitStep(accession);
        String studyUid = step.get("studyInstanceUid").asString();
        String site = step.get("site").asString();
        assertThat(step.has("images")).as("no images yet").isFalse();

        ArchivedStudy one = new ArchivedStudy(studyUid, accession, site, patient, null, "FILED", List.of("CT"), 1, 1);
        ArchivedStudy two = new ArchivedStudy(studyUid, accession, site, patient, null, "FILED", List.of("CT"), 1, 2);
        Instant firstAt = Instant.parse("2026-12-07T14:05:00Z");
        InstanceStored first = new InstanceStored(
                one,
                "1.2.3.1",
                "1.2.3.1.1",
                "1.2.840.10008.5.1.4.1.1.2",
                "1.2.840.10008.1.2.1",
                "ab",
                10,
                "DIMSE",
                "CT01",
                firstAt);
        String firstId = UUID.randomUUID().toString();
        worklist.send(ArchiveTopics.STUDY, first, firstId);
        worklist.send(ArchiveTopics.STUDY, first, firstId);
        worklist.send(
                ArchiveTopics.STUDY,
                new InstanceStored(
                        two,
                        "1.2.3.1",
                        "1.2.3.1.2",
                        "1.2.840.10008.5.1.4.1.1.2",
                        "1.2.840.10008.1.2.1",
                        "cd",
                        10,
                        "DIMSE",
                        "CT01",
                        firstAt.plusSeconds(1)),
                UUID.randomUUID().toString());
        worklist.send(
                ArchiveTopics.STUDY,
                new StudyStable(two, firstAt.plusSeconds(1)),
                UUID.randomUUID().toString());

        JsonNode images = null;
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode current = worklist.read(worklist.get("/api/worklist/steps/" + step.get("id"), technologist()));
            if (current.path("images").path("stableAt").isString()) {
                images = current.get("images");
                break;
            }
            Thread.sleep(100);
        }
        assertThat(images).as("images of the step").isNotNull();
        assertThat(images.get("numberOfInstances").asInt())
                .as(
                        "%s / %s",
                        images, jdbc.sql("select * from study_arrival").query().listOfRows())
                .isEqualTo(2);
        assertThat(images.get("filing").asString()).isEqualTo("FILED");
        assertThat(images.get("firstInstanceAt").asString()).isEqualTo("2026-12-07T14:05:00Z");
        assertThat(history(step).stream().map(entry -> entry.get("action").asString()))
                .containsOnlyOnce("images received", "study stable");
    }

    private OrderPlaced order(
            String control, String accession, PatientIdentifier patient, String status, String start) {
        return new OrderPlaced(
                origin("EPICRIS", "MSG-" + control + "-" + suffix(), "O01"),
                new PatientDemographics(
                        List.of(patient),
                        List.of(new PersonName("DOE", List.of("JANE"), null, null)),
                        LocalDate.of(1980, 2, 14),
                        "F"),
                new OrderDetails(
                        control,
                        status,
                        "PO-" + accession,
                        null,
                        accession,
                        null,
                        null,
                        "CT",
                        null,
                        null,
                        start,
                        "R",
                        List.of(new CodedValue("CTCHEST", "CT CHEST", "L")),
                        null,
                        null,
                        null,
                        null));
    }

    private void assertBadRequest(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        if (detail != null) {
            assertThat(worklist.read(response).get("detail").asString()).contains(detail);
        }
    }

    private void awaitKnownIdentity(PatientIdentifier identifier) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plus(WAIT);
        while (jdbc.sql("select count(*) from known_identifier where assigning_authority = ? and identifier_value = ?")
                                .params(identifier.assigningAuthority(), identifier.value())
                                .query(Long.class)
                                .single()
                        == 0
                && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    private Map<String, Object> row(String accession) {
        return jdbc.sql("select * from scheduled_procedure_step where accession_number = ?")
                .param(accession)
                .query()
                .singleRow();
    }

    private List<JsonNode> history(JsonNode step) throws Exception {
        HttpResponse<String> response =
                worklist.get("/api/worklist/steps/" + step.get("id") + "/history", technologist());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return worklist.read(response).valueStream().toList();
    }

    private static JsonNode single(List<JsonNode> found) {
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private JsonNode awaitEvent(String type, String key) {
        Predicate<ConsumerRecord<String, byte[]>> matching = record -> key.equals(record.key())
                && CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE)
                        .filter(type::equals)
                        .isPresent();
        List<ConsumerRecord<String, byte[]>> found = procedureEvents.await(matching, 1, WAIT);
        assertThat(found).as("%s for %s", type, key).isNotEmpty();
        return json.readTree(found.getLast().value());
    }

    private JsonNode awaitAudit(String id, String what) {
        Predicate<ConsumerRecord<String, byte[]>> matching = record -> {
            JsonNode audit = json.readTree(record.value());
            return audit.get("objects").findValuesAsString("id").contains(id)
                    && audit.get("eventTypes").get(0).get("text").asString().equals(what);
        };
        List<ConsumerRecord<String, byte[]>> found = auditRecords.await(matching, 1, WAIT);
        assertThat(found).as("audit record '%s' for %s", what, id).isNotEmpty();
        return json.readTree(found.getFirst().value());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
