package health.isthmus.mpi;

import static health.isthmus.mpi.MpiClient.admin;
import static health.isthmus.mpi.MpiClient.clinician;
import static health.isthmus.mpi.MpiClient.euidOf;
import static health.isthmus.mpi.MpiClient.mrn;
import static health.isthmus.mpi.MpiClient.origin;
import static health.isthmus.mpi.MpiClient.patient;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.PatientIdentifierChanged;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.events.mpi.MpiTopics;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
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
 * The MPI over real Kafka and PostgreSQL, fed the events hl7-ingest-service publishes: matching, review, merge,
 * identifier change, the retired-identifier policy (redirect, the default), unmerge, and the MPI events and audit
 * records every change leaves. Each test uses identifiers of its own, so the tests share one registry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate BORN = LocalDate.of(1980, 2, 14);

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    private MpiClient mpi;
    private TopicReader mpiEvents;
    private TopicReader auditRecords;

    @BeforeAll
    void connect() {
        mpi = new MpiClient(port, json);
        mpiEvents = new TopicReader(MpiTopics.PATIENT);
        auditRecords = new TopicReader(AuditTopics.RECORD);
    }

    @AfterAll
    void disconnect() {
        mpi.close();
        mpiEvents.close();
        auditRecords.close();
    }

    @Test
    void aSecondNumberOfTheSameHospitalGoesToReviewAndItsA40MergeRetiresIt() throws Exception {
        String run = suffix();
        PatientIdentifier kept = mrn("GENHOSP", "MRN1" + run);
        PatientIdentifier duplicate = mrn("GENHOSP", "MRN9" + run);
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"),
                patient(kept, family("DOE", run), "JANE", BORN, "F", "12 MAIN ST", "+1 217 555 0101")));
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"),
                patient(duplicate, family("DOE", run), "JANE", BORN, "F", "12 MAIN STREET", null)));

        JsonNode keptPatient = mpi.awaitPatient(kept.qualified());
        JsonNode duplicatePatient = mpi.awaitPatient(duplicate.qualified());
        String keptEuid = euidOf(keptPatient);
        String duplicateEuid = euidOf(duplicatePatient);
        assertThat(duplicateEuid)
                .as("same hospital, another number: not linked")
                .isNotEqualTo(keptEuid);
        JsonNode task = awaitOpenTask(duplicatePatient.get("id").asString());
        assertThat(task.get("candidate").get("id").asString())
                .isEqualTo(keptPatient.get("id").asString());
        assertThat(task.get("explanation").get("fields").findValuesAsString("field"))
                .contains("FAMILY_NAME", "GIVEN_NAME", "BIRTH_DATE", "ADDRESS");
        assertThat(task.get("score").asDouble()).isGreaterThanOrEqualTo(12.0);

        PatientDemographics survivor =
                patient(kept, family("SMITH", run), "JANE", BORN, "F", "12 MAIN ST", "+1 217 555 0101");
        mpi.send(new PatientsMerged(origin("GENHOSP", "A40"), survivor, List.of(duplicate)));

        assertThat(mpi.awaitPatients(duplicate.qualified(), List::isEmpty)).isEmpty();
        JsonNode merged = awaitEvent("mpi.EnterprisePatientMerged.v1", keptEuid);
        assertThat(merged.get("retired").findValuesAsString("value")).containsExactly(duplicate.value());
        assertThat(merged.get("retiredEuid").asString()).isEqualTo(duplicateEuid);
        assertThat(merged.get("identifiers").findValuesAsString("value")).containsExactly(kept.value());
        assertThat(merged.get("demographics").get("names").get(0).get("family").asString())
                .isEqualTo(family("SMITH", run));
        JsonNode retiredRecord =
                mpi.read(mpi.get("/fhir/Patient/" + duplicatePatient.get("id").asString(), clinician()));
        assertThat(retiredRecord.get("active").asBoolean()).isFalse();
        assertThat(retiredRecord.get("link").get(0).get("type").asString()).isEqualTo("replaced-by");
        assertThat(retiredRecord
                        .get("link")
                        .get(0)
                        .get("other")
                        .get("reference")
                        .asString())
                .isEqualTo("Patient/" + keptPatient.get("id").asString());
        JsonNode survivorRecord = mpi.awaitPatient(kept.qualified());
        assertThat(survivorRecord.get("link").findValuesAsString("type")).contains("replaces");
        assertThat(mpi.adminGet("/api/patients/reviews/" + task.get("id").asLong())
                        .get("status")
                        .asString())
                .isEqualTo("withdrawn");
        String version = survivorRecord.get("meta").get("versionId").asString();

        // the same merge again, under a new control id: nothing changes, and the audit says so
        var resent = origin("GENHOSP", "A40");
        mpi.send(new PatientsMerged(resent, survivor, List.of(duplicate)));
        awaitAudit(resent.controlId(), "merge patients (nothing left to merge)");
        assertThat(mpi.awaitPatient(kept.qualified())
                        .get("meta")
                        .get("versionId")
                        .asString())
                .isEqualTo(version);
        assertThat(events("mpi.EnterprisePatientMerged.v1", keptEuid)).hasSize(1);
    }

    @Test
    void anUpdateNamingARetiredIdentifierIsRedirectedToTheSurvivorAndAudited() throws Exception {
        String run = suffix();
        PatientIdentifier kept = mrn("GENHOSP", "MRN1" + run);
        PatientIdentifier retired = mrn("GENHOSP", "MRN9" + run);
        mergedPair(kept, retired, run);

        var update = origin("GENHOSP", "A08");
        mpi.send(new PatientUpdated(
                update, patient(retired, family("ROE", run), "JANE", BORN, "F", "1 NEW ROAD", null)));

        JsonNode audit = awaitAudit(update.controlId(), "update of a retired identifier redirected to the survivor");
        assertThat(audit.get("objects").findValuesAsString("id")).contains(retired.qualified(), kept.qualified());
        JsonNode survivor = mpi.awaitPatients(
                        kept.qualified(),
                        found -> found.size() == 1
                                && found.getFirst()
                                        .get("name")
                                        .get(0)
                                        .get("family")
                                        .asString()
                                        .equals(family("ROE", run)))
                .getFirst();
        assertThat(survivor.get("identifier").findValuesAsString("value"))
                .as("the retired number does not come back")
                .doesNotContain(retired.value());
        assertThat(mpi.patients(
                        "/fhir/Patient?identifier=" + retired.qualified().replace("|", "%7C")))
                .isEmpty();
    }

    @Test
    void anUnmergeGivesTheMergedRecordItsIdentityBack() throws Exception {
        String run = suffix();
        PatientIdentifier kept = mrn("GENHOSP", "MRN1" + run);
        PatientIdentifier retired = mrn("GENHOSP", "MRN9" + run);
        String[] euids = mergedPair(kept, retired, run);
        JsonNode identity = mpi.adminGet("/api/patients/identities/" + euids[0]);
        long mergeId = identity.get("merges").get(0).get("id").asLong();

        var response = mpi.post("/api/patients/merges/" + mergeId + "/unmerge", "application/json", "", admin());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String restored = mpi.read(response).get("euid").asString();
        assertThat(restored).isEqualTo(euids[1]);
        JsonNode back = mpi.awaitPatient(retired.qualified());
        assertThat(euidOf(back)).isEqualTo(euids[1]);
        assertThat(back.get("active").asBoolean()).isTrue();
        JsonNode unlinked = awaitEvent("mpi.EnterprisePatientUnlinked.v1", euids[0]);
        assertThat(unlinked.get("unlinked").findValuesAsString("value")).containsExactly(retired.value());
        assertThat(unlinked.get("cause").get("actor").asString()).isEqualTo("dev-admin");
        JsonNode created = awaitEvent(
                "mpi.EnterprisePatientCreated.v1",
                euids[1],
                event -> event.get("cause").get("kind").asString().equals("admin"));
        assertThat(created.get("cause").get("reference").asString()).isEqualTo("unmerge " + mergeId);
        assertThat(created.get("identifiers").findValuesAsString("value")).containsExactly(retired.value());
        var again = mpi.post("/api/patients/merges/" + mergeId + "/unmerge", "application/json", "", admin());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(mpi.read(again).get("detail").asString()).contains("already undone");
    }

    @Test
    void recordsOfOnePersonAtTwoSitesAreLinkedAndCrossReferenced() throws Exception {
        String run = suffix();
        PatientIdentifier general = mrn("GENHOSP", "MRN1" + run);
        PatientIdentifier west = mrn("WESTCLINIC", "W" + run);
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"),
                patient(general, family("QUINCE", run), "MARGARET", BORN, "F", "7 ELM ST", "+1 217 555 0177")));
        String euid = euidOf(mpi.awaitPatient(general.qualified()));
        mpi.send(new PatientRegistered(
                origin("WESTCLINIC", "A04"),
                patient(west, family("QUINCE", run), "MAGGIE", BORN, "F", "7 ELM STREET", "(217) 555-0177")));

        JsonNode westPatient = mpi.awaitPatient(west.qualified());
        assertThat(euidOf(westPatient)).isEqualTo(euid);
        JsonNode linked = awaitEvent("mpi.EnterprisePatientLinked.v1", euid);
        assertThat(linked.get("linked").findValuesAsString("value")).containsExactly(west.value());
        assertThat(linked.get("identifiers").findValuesAsString("value"))
                .containsExactly(general.value(), west.value());
        assertThat(westPatient.get("link").findValuesAsString("type")).containsExactly("seealso");

        JsonNode pix =
                mpi.read(mpi.get("/fhir/Patient/$ihe-pix?sourceIdentifier=GENHOSP%7C" + general.value(), clinician()));
        assertThat(pix.get("parameter").findValuesAsString("value")).contains(west.value(), euid);
        JsonNode decisions = mpi.adminGet("/api/patients/identities/" + euid).get("records");
        assertThat(decisions.findValuesAsString("outcome")).containsExactlyInAnyOrder("NEW", "LINK");
        assertThat(mpi.patients("/fhir/Patient?identifier=urn:isthmus:euid%7C" + euid))
                .hasSize(2);
    }

    @Test
    void aReviewerLinksOnePairAndKeepsAnotherApart() throws Exception {
        String run = suffix();
        PatientIdentifier first = mrn("GENHOSP", "MRN1" + run);
        PatientIdentifier second = mrn("EASTLAB", "E1" + run);
        PatientIdentifier third = mrn("EASTLAB", "E2" + run);
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"), patient(first, family("OKAFOR", run), "KATHERINE", BORN, "F", null, null)));
        String firstEuid = euidOf(mpi.awaitPatient(first.qualified()));
        mpi.send(new PatientRegistered(
                origin("EASTLAB", "A04"), patient(second, family("OKAFOR", run), "KATE", BORN, "F", null, null)));
        JsonNode secondPatient = mpi.awaitPatient(second.qualified());
        assertThat(euidOf(secondPatient)).isNotEqualTo(firstEuid);
        JsonNode task = awaitOpenTask(secondPatient.get("id").asString());

        assertThat(mpi.post(
                                "/api/patients/reviews/" + task.get("id").asLong() + "/accept",
                                "application/json",
                                "{}",
                                clinician())
                        .statusCode())
                .as("only admins decide")
                .isEqualTo(403);
        var accepted = mpi.post(
                "/api/patients/reviews/" + task.get("id").asLong() + "/accept",
                "application/json",
                "{\"comment\":\"same person, called Kate\"}",
                admin());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(mpi.read(accepted).get("status").asString()).isEqualTo("linked");
        assertThat(mpi.read(accepted).get("decidedBy").asString()).isEqualTo("dev-admin");
        assertThat(euidOf(mpi.awaitPatient(second.qualified()))).isEqualTo(firstEuid);
        JsonNode linked = awaitEvent("mpi.EnterprisePatientLinked.v1", firstEuid);
        assertThat(linked.get("cause").get("kind").asString()).isEqualTo("review");
        assertThat(linked.get("formerEuid").asString()).isEqualTo(euidOf(secondPatient));

        mpi.send(new PatientRegistered(
                origin("EASTLAB", "A04"), patient(third, family("OKAFOR", run), "KATIE", BORN, "F", null, null)));
        JsonNode thirdPatient = mpi.awaitPatient(third.qualified());
        JsonNode another = awaitOpenTask(thirdPatient.get("id").asString());
        var rejected = mpi.post(
                "/api/patients/reviews/" + another.get("id").asLong() + "/reject", "application/json", "", admin());
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(200);
        assertThat(mpi.read(rejected).get("status").asString()).isEqualTo("rejected");
        assertThat(euidOf(mpi.awaitPatient(third.qualified()))).isNotEqualTo(firstEuid);
        var late = mpi.post(
                "/api/patients/reviews/" + another.get("id").asLong() + "/accept", "application/json", "", admin());
        assertThat(late.statusCode()).isEqualTo(409);
    }

    @Test
    void anIdentifierChangeRekeysTheRecordAndRetiresTheOldNumber() throws Exception {
        String run = suffix();
        PatientIdentifier before = mrn("GENHOSP", "OLD" + run);
        PatientIdentifier after = mrn("GENHOSP", "NEW" + run);
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"), patient(before, family("NAKAMURA", run), "HANA", BORN, "F", null, null)));
        JsonNode registered = mpi.awaitPatient(before.qualified());

        mpi.send(new PatientIdentifierChanged(
                origin("GENHOSP", "A47"),
                patient(after, family("NAKAMURA", run), "HANA", BORN, "F", null, null),
                before));

        JsonNode renamed = mpi.awaitPatient(after.qualified());
        assertThat(renamed.get("id").asString()).isEqualTo(registered.get("id").asString());
        assertThat(mpi.patients("/fhir/Patient?identifier=" + before.qualified().replace("|", "%7C")))
                .isEmpty();
        JsonNode updated = awaitEvent("mpi.EnterprisePatientUpdated.v1", euidOf(registered));
        assertThat(updated.get("retired").findValuesAsString("value")).containsExactly(before.value());
        assertThat(updated.get("identifiers").findValuesAsString("value")).containsExactly(after.value());
    }

    @Test
    void patientsAreFoundByNameAndBirthDateAndByMatch() throws Exception {
        String run = suffix();
        String family = family("VANTERPOOL", run);
        PatientIdentifier key = mrn("GENHOSP", "MRN1" + run);
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"), patient(key, family, "ODETTE", BORN, "F", "3 PARK LANE", "+1 217 555 0133")));
        mpi.awaitPatient(key.qualified());

        assertThat(mpi.patients("/fhir/Patient?family=" + family.toLowerCase(java.util.Locale.ROOT)
                        + "&given=ode&birthdate=1980-02-14&gender=female"))
                .hasSize(1);
        assertThat(mpi.patients("/fhir/Patient?family=" + family + "&birthdate=1980-02-15"))
                .isEmpty();
        assertThat(mpi.patients("/fhir/Patient?name=" + family.toLowerCase(java.util.Locale.ROOT)))
                .as("name matches a family name")
                .hasSize(1);
        assertThat(mpi.patients("/fhir/Patient?name=ODET&family=" + family))
                .as("name matches a given name too")
                .hasSize(1);
        assertThat(mpi.patients("/fhir/Patient?name=" + family + "&birthdate=1980-02-15"))
                .isEmpty();
        assertThat(mpi.get("/fhir/Patient?gender=female", clinician()).statusCode())
                .as("a search that names nobody is refused")
                .isEqualTo(400);
        assertThat(mpi.get("/fhir/Patient", clinician()).statusCode()).isEqualTo(400);

        String query = """
                {"resourceType": "Parameters", "parameter": [{"name": "resource", "resource": {
                  "resourceType": "Patient",
                  "name": [{"family": "%s", "given": ["ODETTE"]}],
                  "birthDate": "1980-02-14", "gender": "female",
                  "telecom": [{"system": "phone", "value": "217-555-0133"}]}}]}
                """.formatted(family);
        var response = mpi.post("/fhir/Patient/$match", "application/fhir+json", query, clinician());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode entry = mpi.read(response).get("entry").get(0);
        assertThat(entry.get("resource").get("identifier").findValuesAsString("value"))
                .contains(key.value());
        assertThat(entry.get("search").get("score").asDouble()).isBetween(0.5, 1.0);
        assertThat(entry.get("search").get("extension").get(0).get("valueCode").asString())
                .isIn("certain", "probable");
    }

    /** Registers two numbers of one hospital and merges the second into the first; returns both EUIDs. */
    private String[] mergedPair(PatientIdentifier kept, PatientIdentifier retired, String run) throws Exception {
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"), patient(kept, family("DOE", run), "JANE", BORN, "F", "12 MAIN ST", null)));
        mpi.send(new PatientRegistered(
                origin("GENHOSP", "A04"), patient(retired, family("DOE", run), "JANE", BORN, "F", "12 MAIN ST", null)));
        String keptEuid = euidOf(mpi.awaitPatient(kept.qualified()));
        String retiredEuid = euidOf(mpi.awaitPatient(retired.qualified()));
        mpi.send(new PatientsMerged(
                origin("GENHOSP", "A40"),
                patient(kept, family("DOE", run), "JANE", BORN, "F", "12 MAIN ST", null),
                List.of(retired)));
        awaitEvent("mpi.EnterprisePatientMerged.v1", keptEuid);
        return new String[] {keptEuid, retiredEuid};
    }

    private JsonNode awaitOpenTask(String recordId) throws Exception {
        java.time.Instant deadline = java.time.Instant.now().plus(WAIT);
        do {
            for (JsonNode task : mpi.adminGet("/api/patients/reviews?status=open&limit=500")) {
                if (task.get("record").get("id").asString().equals(recordId)) {
                    return task;
                }
            }
            Thread.sleep(100);
        } while (java.time.Instant.now().isBefore(deadline));
        throw new AssertionError("no open review task for record " + recordId);
    }

    private JsonNode awaitEvent(String type, String euid) {
        return awaitEvent(type, euid, event -> true);
    }

    private JsonNode awaitEvent(String type, String euid, Predicate<JsonNode> payload) {
        List<ConsumerRecord<String, byte[]>> found =
                mpiEvents.await(ofType(type, euid).and(record -> payload.test(json.readTree(record.value()))), 1, WAIT);
        assertThat(found).as("%s for %s", type, euid).isNotEmpty();
        return json.readTree(found.getLast().value());
    }

    private List<ConsumerRecord<String, byte[]>> events(String type, String euid) {
        return mpiEvents.seen().stream().filter(ofType(type, euid)).toList();
    }

    private JsonNode awaitAudit(String controlId, String what) {
        Predicate<ConsumerRecord<String, byte[]>> matching = record -> {
            JsonNode audit = json.readTree(record.value());
            return audit.get("objects").findValuesAsString("id").contains(controlId)
                    && audit.get("eventTypes").get(0).get("text").asString().equals(what);
        };
        List<ConsumerRecord<String, byte[]>> found = auditRecords.await(matching, 1, WAIT);
        assertThat(found).as("audit record '%s' for %s", what, controlId).isNotEmpty();
        return json.readTree(found.getFirst().value());
    }

    private static Predicate<ConsumerRecord<String, byte[]>> ofType(String type, String euid) {
        return record -> euid.equals(record.key())
                && CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE)
                        .filter(type::equals)
                        .isPresent();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A family name of this run's own, so that tests sharing the registry are not each other's candidates. */
    private static String family(String name, String run) {
        StringBuilder letters = new StringBuilder(name);
        for (char c : run.toCharArray()) {
            letters.append((char) ('A' + Character.digit(c, 16)));
        }
        return letters.toString();
    }
}
