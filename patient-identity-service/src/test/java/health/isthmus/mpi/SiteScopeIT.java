package health.isthmus.mpi;

import static health.isthmus.mpi.MpiClient.admin;
import static health.isthmus.mpi.MpiClient.clinician;
import static health.isthmus.mpi.MpiClient.clinicianOf;
import static health.isthmus.mpi.MpiClient.euidOf;
import static health.isthmus.mpi.MpiClient.mrn;
import static health.isthmus.mpi.MpiClient.origin;
import static health.isthmus.mpi.MpiClient.patient;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
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
 * Site scoping over FHIR: one person registered at GENHOSP and at NORTHCLINIC (linked into one identity). A clinician
 * limited to GENHOSP finds, reads and cross-references only the GENHOSP record, and NORTHCLINIC's record is absent to
 * them (404, audited once); a clinician without sites and an admin see both.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteScopeIT {

    private static final LocalDate BORN = LocalDate.of(1971, 9, 3);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private MpiClient mpi;
    private TopicReader auditRecords;
    private String family;
    private PatientIdentifier general;
    private PatientIdentifier north;
    private JsonNode generalPatient;
    private JsonNode northPatient;

    @BeforeAll
    void onePersonAtTwoSites() throws Exception {
        mpi = new MpiClient(port, json);
        auditRecords = new TopicReader(AuditTopics.RECORD);
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder letters = new StringBuilder("HALVORSEN"); // of this run only: no other test's candidate
        run.chars().forEach(c -> letters.append((char) ('A' + Character.digit(c, 16))));
        family = letters.toString();
        general = mrn("GENHOSP", "G" + run);
        north = mrn("NORTHCLINIC", "N" + run);
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"),
                patient(general, family, "INGRID", BORN, "F", "40 LAKE ROAD", "+1 217 555 0140")));
        generalPatient = mpi.awaitPatient(general.qualified());
        mpi.send(new PatientRegistered(
                origin("NORTHCLINIC", "A04"),
                patient(north, family, "INGRID", BORN, "F", "40 LAKE RD", "(217) 555-0140")));
        northPatient = mpi.awaitPatient(north.qualified());
        assertThat(euidOf(northPatient)).as("one person: one identity").isEqualTo(euidOf(generalPatient));
    }

    @AfterAll
    void disconnect() {
        mpi.close();
        auditRecords.close();
    }

    @Test
    void aClinicianOfGenhospFindsOnlyGenhospsRecordWithoutLinksToNorthclinic() throws Exception {
        String genhosp = clinicianOf("GENHOSP");

        List<JsonNode> byName = mpi.patients("/fhir/Patient?family=" + family, genhosp);
        assertThat(byName).extracting(p -> p.get("id").asString()).containsExactly(id(generalPatient));
        JsonNode seen = byName.getFirst();
        assertThat(seen.has("link")).as("no link to the NORTHCLINIC record").isFalse();
        assertThat(seen.get("identifier").findValuesAsString("value"))
                .contains(general.value(), euidOf(generalPatient))
                .doesNotContain(north.value());
        assertThat(mpi.patients("/fhir/Patient?identifier=NORTHCLINIC%7C" + north.value(), genhosp))
                .isEmpty();
        assertThat(mpi.patients("/fhir/Patient?identifier=" + north.value(), genhosp))
                .isEmpty();
        assertThat(mpi.patients("/fhir/Patient?identifier=urn:isthmus:euid%7C" + euidOf(generalPatient), genhosp))
                .extracting(p -> p.get("id").asString())
                .containsExactly(id(generalPatient));

        assertThat(mpi.get("/fhir/Patient/" + id(generalPatient), genhosp).statusCode())
                .isEqualTo(200);
        assertThat(mpi.get("/fhir/Patient/" + id(northPatient), genhosp).statusCode())
                .as("another site's record reads as absent")
                .isEqualTo(404);
        assertThat(mpi.get("/fhir/Patient/" + id(generalPatient), clinicianOf("NORTHCLINIC"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void crossReferenceAndMatchOfALimitedClinicianStayInsideItsSite() throws Exception {
        String genhosp = clinicianOf("GENHOSP");

        JsonNode pix =
                mpi.read(mpi.get("/fhir/Patient/$ihe-pix?sourceIdentifier=GENHOSP%7C" + general.value(), genhosp));
        assertThat(pix.get("parameter").findValuesAsString("value"))
                .contains(general.value(), euidOf(generalPatient))
                .doesNotContain(north.value());
        assertThat(pix.get("parameter").findValuesAsString("reference"))
                .containsExactly("Patient/" + id(generalPatient));
        assertThat(mpi.get("/fhir/Patient/$ihe-pix?sourceIdentifier=NORTHCLINIC%7C" + north.value(), genhosp)
                        .statusCode())
                .isEqualTo(404);

        String query = """
                {"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": {
                  "resourceType": "Patient",
                  "name": [{"family": "%s", "given": ["INGRID"]}],
                  "birthDate": "%s", "gender": "female",
                  "telecom": [{"system": "phone", "value": "217-555-0140"}]}}]}
                """.formatted(family, BORN);
        var northMatch = mpi.post("/fhir/Patient/$match", "application/fhir+json", query, clinicianOf("NORTHCLINIC"));
        assertThat(northMatch.statusCode()).as(northMatch.body()).isEqualTo(200);
        assertThat(mpi.read(northMatch).get("entry").findValuesAsString("fullUrl"))
                .containsExactly("Patient/" + id(northPatient));
        assertThat(mpi.read(northMatch).get("entry").findValuesAsString("value"))
                .doesNotContain(general.value());
    }

    @Test
    void aClinicianWithoutSitesAndAnAdminSeeBothSites() throws Exception {
        String adminOfGenhosp = TestIssuer.get().tokenForSites(List.of("GENHOSP"), "dev-admin", "admin");
        for (String token : List.of(clinician(), admin(), adminOfGenhosp)) {
            assertThat(mpi.patients("/fhir/Patient?family=" + family, token))
                    .extracting(p -> p.get("id").asString())
                    .containsExactly(id(generalPatient), id(northPatient));
        }
        JsonNode read = mpi.read(mpi.get("/fhir/Patient/" + id(northPatient), clinician()));
        assertThat(read.get("link").findValuesAsString("reference")).containsExactly("Patient/" + id(generalPatient));
    }

    @Test
    void aHiddenRecordsReadIsAuditedOnceAsNotFound() throws Exception {
        String path = "Patient/" + id(northPatient);
        String user = "dev-audited-" + UUID.randomUUID();
        String genhosp = TestIssuer.get().tokenForSites(List.of("GENHOSP"), user, "clinician");

        assertThat(mpi.get("/fhir/" + path, genhosp).statusCode()).isEqualTo(404);

        Predicate<ConsumerRecord<String, byte[]>> ofThisRead = record -> {
            JsonNode audit = json.readTree(record.value());
            return audit.get("objects").findValuesAsString("id").contains(path)
                    && audit.get("participants").findValuesAsString("userId").contains(user);
        };
        List<ConsumerRecord<String, byte[]>> found = auditRecords.await(ofThisRead, 1, Duration.ofSeconds(30));
        assertThat(found).hasSize(1);
        JsonNode audit = json.readTree(found.getFirst().value());
        assertThat(audit.get("outcome").asString()).isEqualTo("MINOR_FAILURE");
        assertThat(audit.get("eventTypes").findValuesAsString("text")).contains("read Patient (not found)");
        assertThat(auditRecords.await(ofThisRead, 2, Duration.ofSeconds(2)))
                .as("one record for one call")
                .hasSize(1);
    }

    private static String id(JsonNode patient) {
        return patient.get("id").asString();
    }
}
