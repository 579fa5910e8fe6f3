package health.isthmus.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared ADT samples through the whole stack, on a registry of their own: {@code adt_a04_register.hl7} and
 * {@code adt_a04_duplicate_person.hl7} (same name and birth date, another MRN of the same hospital) are two records
 * flagged for review, not merged (RELIABILITY T12); {@code adt_a40_merge.hl7} then merges MRN100099 into MRN100001.
 */
class SharedAdtSamplesIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    private static StandaloneStack stack;
    private final Platform platform = new Platform();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startStack() throws Exception {
        SharedStack.stopForAStackOfItsOwn();
        stack = StandaloneStack.ofThisBuildWithFreshData("adt-samples");
        stack.start();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoNumbersOfOnePersonAreFlaggedForReviewThenTheA40MergesThem() throws Exception {
        String clinician = platform.token("dev-clinician");
        String admin = platform.token("dev-admin");
        assertAccepted(platform.sendHl7(Platform.sample("adt_a04_register.hl7")));
        assertAccepted(platform.sendHl7(Platform.sample("adt_a04_duplicate_person.hl7")));

        JsonNode kept = awaitPatients("GENHOSP|MRN100001", clinician, bundle -> total(bundle) == 1);
        JsonNode duplicate = awaitPatients("GENHOSP|MRN100099", clinician, bundle -> total(bundle) == 1);
        String keptId = resource(kept).get("id").asString();
        String duplicateId = resource(duplicate).get("id").asString();
        assertThat(euid(duplicate)).as("not merged by matching").isNotEqualTo(euid(kept));
        JsonNode reviews = json.readTree(awaitBody(
                "/api/patients/reviews?status=open",
                admin,
                body -> json.readTree(body)
                        .valueStream()
                        .anyMatch(
                                task -> task.get("record").get("id").asString().equals(duplicateId))));
        assertThat(reviews.valueStream()
                        .filter(task -> task.get("record").get("id").asString().equals(duplicateId))
                        .map(task -> task.get("candidate").get("id").asString()))
                .as("flagged for review against the first record")
                .containsExactly(keptId);

        assertAccepted(platform.sendHl7(Platform.sample("adt_a40_merge.hl7")));

        awaitPatients("GENHOSP|MRN100099", clinician, bundle -> total(bundle) == 0);
        JsonNode survivor = awaitPatients(
                "GENHOSP|MRN100001",
                clinician,
                bundle -> total(bundle) == 1
                        && resource(bundle)
                                .get("name")
                                .get(0)
                                .get("family")
                                .asString()
                                .equals("DOE-SMITH"));
        assertThat(resource(survivor).get("link").findValuesAsString("reference"))
                .containsExactly("Patient/" + duplicateId);
        JsonNode retired = json.readTree(
                platform.get("/fhir/Patient/" + duplicateId, clinician).body());
        assertThat(retired.get("active").asBoolean()).isFalse();
    }

    private static void assertAccepted(ca.uhn.hl7v2.model.Message ack) throws Exception {
        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
    }

    private JsonNode awaitPatients(String identifier, String token, Predicate<JsonNode> until) throws Exception {
        Instant deadline = Instant.now().plus(VISIBLE_WITHIN);
        JsonNode bundle;
        do {
            bundle = platform.patientsByIdentifier(identifier, token);
            if (until.test(bundle)) {
                return bundle;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(identifier + " did not reach the expected state: " + bundle);
    }

    private String awaitBody(String path, String token, Predicate<String> until) throws Exception {
        Instant deadline = Instant.now().plus(VISIBLE_WITHIN);
        String body;
        do {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(Platform.GATEWAY + path))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            body = response.body();
            if (until.test(body)) {
                return body;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(path + " did not show what was expected: " + body);
    }

    private static int total(JsonNode bundle) {
        return bundle.get("total").asInt();
    }

    private static JsonNode resource(JsonNode bundle) {
        return bundle.get("entry").get(0).get("resource");
    }

    private static String euid(JsonNode bundle) {
        return resource(bundle)
                .get("identifier")
                .valueStream()
                .filter(id -> id.get("system").asString().equals("urn:isthmus:euid"))
                .findFirst()
                .orElseThrow()
                .get("value")
                .asString();
    }
}
