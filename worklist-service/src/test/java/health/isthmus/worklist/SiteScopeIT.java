package health.isthmus.worklist;

import static health.isthmus.worklist.WorklistClient.clinician;
import static health.isthmus.worklist.WorklistClient.limitedTo;
import static health.isthmus.worklist.WorklistClient.technologist;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.events.hl7.OrderDetails;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
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
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Site scoping of the worklist: one order at GENHOSP and one at NORTHCLINIC, on one station. A technologist or
 * clinician limited to GENHOSP lists, searches and reads only GENHOSP's step, reads NORTHCLINIC's as absent (404),
 * and may neither create an entry at NORTHCLINIC (403) nor cancel its step (404), each refusal audited once; a
 * caller without sites and an admin see both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteScopeIT {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private WorklistClient worklist;
    private TopicReader auditRecords;
    private String station;
    private String generalAccession;
    private String northAccession;
    private JsonNode generalStep;
    private JsonNode northStep;

    @BeforeAll
    void anOrderAtEachSite() throws Exception {
        worklist = new WorklistClient(port, json);
        auditRecords = new TopicReader(AuditTopics.RECORD);
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        station = "ST" + run;
        generalAccession = "G" + run;
        northAccession = "N" + run;
        worklist.send(Hl7Topics.ORDER, order("GENHOSP", generalAccession, station));
        worklist.send(Hl7Topics.ORDER, order("NORTHCLINIC", northAccession, station));
        generalStep = worklist.awaitStep(generalAccession);
        northStep = worklist.awaitStep(northAccession);
    }

    @AfterAll
    void disconnect() {
        worklist.close();
        auditRecords.close();
    }

    @Test
    void aTechnologistOfGenhospListsAndReadsOnlyGenhospsSteps() throws Exception {
        String genhosp = limitedTo("GENHOSP", "technologist");

        assertThat(accessions(worklist.get("/api/worklist/steps?station=" + station, genhosp)))
                .containsExactly(generalAccession);
        assertThat(accessions(worklist.get("/api/worklist/steps?accession=" + northAccession, genhosp)))
                .isEmpty();
        assertThat(worklist.get("/api/worklist/steps/" + generalStep.get("id"), genhosp)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> hidden = worklist.get("/api/worklist/steps/" + northStep.get("id"), genhosp);
        assertThat(hidden.statusCode())
                .as("another site's step reads as absent")
                .isEqualTo(404);
        assertThat(hidden.body()).doesNotContain(northAccession);
        assertThat(worklist.get("/api/worklist/steps/" + northStep.get("id") + "/history", genhosp)
                        .statusCode())
                .isEqualTo(404);
        assertThat(worklist.get("/api/worklist/steps/" + generalStep.get("id"), limitedTo("NORTHCLINIC", "radiologist"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aTechnologistWithoutSitesAndAnAdminSeeBothSites() throws Exception {
        String adminOfGenhosp = TestIssuer.get().tokenForSites(List.of("GENHOSP"), "dev-admin", "admin");
        for (String token : List.of(technologist(), adminOfGenhosp)) {
            assertThat(accessions(worklist.get("/api/worklist/steps?station=" + station, token)))
                    .containsExactlyInAnyOrder(generalAccession, northAccession);
            assertThat(worklist.get("/api/worklist/steps/" + northStep.get("id"), token)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void serviceRequestsOfAnotherSiteAreNeitherFoundNorRead() throws Exception {
        String genhosp = limitedTo("GENHOSP", "clinician");

        assertThat(serviceRequests("/fhir/ServiceRequest?identifier=" + generalAccession, genhosp))
                .hasSize(1);
        assertThat(serviceRequests("/fhir/ServiceRequest?identifier=" + northAccession, genhosp))
                .isEmpty();
        assertThat(worklist.get("/fhir/ServiceRequest/" + northStep.get("id"), genhosp)
                        .statusCode())
                .isEqualTo(404);
        assertThat(worklist.get("/fhir/ServiceRequest/" + generalStep.get("id"), genhosp)
                        .statusCode())
                .isEqualTo(200);

        assertThat(serviceRequests("/fhir/ServiceRequest?identifier=" + northAccession, clinician()))
                .hasSize(1);
        assertThat(worklist.get("/fhir/ServiceRequest/" + northStep.get("id"), clinician())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTechnologistOfGenhospCanNeitherCreateNorCancelAtNorthclinicAndEachRefusalIsAuditedOnce() throws Exception {
        String user = "dev-technologist-genhosp-" + UUID.randomUUID();
        String genhosp = TestIssuer.get().tokenForSites(List.of("GENHOSP"), user, "technologist");
        String body = """
                {"site": "%s", "patientId": "MRN-S%s", "issuerOfPatientId": "%s", "modality": "US",
                 "scheduledStationAeTitle": "%s"}
                """;

        HttpResponse<String> refused = worklist.post(
                "/api/worklist/steps", body.formatted("NORTHCLINIC", station, "NORTHCLINIC", station), genhosp);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(worklist.read(refused).get("detail").asString()).contains("NORTHCLINIC");
        assertThat(auditedOnce(user, "create worklist entry (refused)")
                        .get("outcome")
                        .asString())
                .isEqualTo("MINOR_FAILURE");

        HttpResponse<String> cancel =
                worklist.post("/api/worklist/steps/" + northStep.get("id") + "/cancel", "", genhosp);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(404);
        assertThat(worklist.read(worklist.get("/api/worklist/steps/" + northStep.get("id"), technologist()))
                        .get("status")
                        .asString())
                .isEqualTo("SCHEDULED");
        assertThat(auditedOnce(user, "cancel worklist step (refused)")
                        .get("outcome")
                        .asString())
                .isEqualTo("MINOR_FAILURE");

        HttpResponse<String> own =
                worklist.post("/api/worklist/steps", body.formatted("GENHOSP", station, "GENHOSP", station), genhosp);
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    }

    private List<String> accessions(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return worklist.read(response)
                .valueStream()
                .map(step -> step.get("accessionNumber").asString())
                .toList();
    }

    private List<JsonNode> serviceRequests(String path, String token) throws Exception {
        HttpResponse<String> response = worklist.get(path, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode bundle = worklist.read(response);
        return bundle.has("entry") ? bundle.get("entry").valueStream().toList() : List.of();
    }

    private JsonNode auditedOnce(String user, String what) {
        Predicate<ConsumerRecord<String, byte[]>> matching = record -> {
            JsonNode audit = json.readTree(record.value());
            return audit.get("participants").findValuesAsString("userId").contains(user)
                    && audit.get("eventTypes").get(0).get("text").asString().equals(what);
        };
        List<ConsumerRecord<String, byte[]>> found = auditRecords.await(matching, 1, Duration.ofSeconds(30));
        assertThat(found).as("audit record '%s' of %s", what, user).hasSize(1);
        assertThat(auditRecords.await(matching, 2, Duration.ofSeconds(2)))
                .as("one record for one call")
                .hasSize(1);
        return json.readTree(found.getFirst().value());
    }

    private static OrderPlaced order(String site, String accession, String station) {
        return new OrderPlaced(
                new Hl7Origin(
                        Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000),
                        "RIS",
                        site,
                        "MSG-" + accession,
                        "O23",
                        Instant.now(),
                        site),
                new PatientDemographics(
                        List.of(new PatientIdentifier("MRN-" + accession, site, "MR")),
                        List.of(new PersonName("ROE", List.of("RICHARD"), null, null)),
                        LocalDate.of(1955, 6, 30),
                        "M"),
                new OrderDetails(
                        "NW",
                        "SC",
                        "PO-" + accession,
                        "FO-" + accession,
                        accession,
                        accession,
                        accession,
                        "MR",
                        station,
                        null,
                        "20261127110000",
                        "R",
                        List.of(new CodedValue("MRKNEE", "MR KNEE LEFT", "L")),
                        null,
                        null,
                        null,
                        null));
    }
}
