package health.isthmus.dicomweb.stow;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A DICOMweb client storing with STOW-RS over real HTTP: the PS3.18 response and what the index holds after. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.stow.max-request-size=2MB",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/stow-it-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class StowIT {

    private static final String BOUNDARY = "stow-it-boundary";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void allStoredIs200WithEveryInstanceReferencedAndItsRetrieveUrl() throws Exception {
        Study study = Study.of("MRN-ST-1", "DOE^JANE", "ACC-ST-1");
        List<byte[]> files = List.of(
                TestInstances.part10(TestInstances.ct(study, Uids.create(), 1, 32, 1), Uid.ExplicitVRLittleEndian),
                TestInstances.part10(TestInstances.ct(study, Uids.create(), 2, 32, 2), Uid.ImplicitVRLittleEndian));

        HttpResponse<String> response = post("/dicomweb/studies", multipart(files), "technologist");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/dicom+json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("00081190").path("Value").get(0).asString())
                .isEqualTo("http://localhost:" + port + "/dicomweb/studies/" + study.studyUid());
        JsonNode referenced = body.path("00081199").path("Value");
        assertThat(referenced).hasSize(2);
        assertThat(referenced.get(0).path("00081190").path("Value").get(0).asString())
                .contains("/dicomweb/studies/" + study.studyUid() + "/series/" + study.seriesUid() + "/instances/");
        assertThat(body.has("00081198")).as("no Failed SOP Sequence").isFalse();
        assertThat(jdbc.sql("select number_of_instances from study where study_instance_uid = ?")
                        .param(study.studyUid())
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void partialFailureIs202NamingTheFailedInstanceAndItsReason() throws Exception {
        Study study = Study.of("MRN-ST-2", "ROE^RICHARD", "ACC-ST-2");
        String brokenSop = Uids.create();
        Attributes broken = TestInstances.ct(study, brokenSop, 2, 16, 1);
        broken.remove(Tag.SeriesInstanceUID);
        String goodSop = Uids.create();
        List<byte[]> files = List.of(
                TestInstances.part10(TestInstances.ct(study, goodSop, 1, 16, 1), Uid.ExplicitVRLittleEndian),
                TestInstances.part10(broken, Uid.ExplicitVRLittleEndian));

        HttpResponse<String> response = post("/dicomweb/studies", multipart(files), "integration");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        JsonNode failed = body.path("00081198").path("Value");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("00081155").path("Value").get(0).asString())
                .isEqualTo(brokenSop);
        assertThat(failed.get(0).path("00081197").path("Value").get(0).asInt()).isEqualTo(0xA900);
        assertThat(body.path("00081199")
                        .path("Value")
                        .get(0)
                        .path("00081155")
                        .path("Value")
                        .get(0)
                        .asString())
                .isEqualTo(goodSop);
        assertThat(count(brokenSop)).isZero();
        assertThat(count(goodSop)).isOne();
    }

    @Test
    void anInstanceOfAnotherStudyThanThePathIsRefusedAndNothingIsStored() throws Exception {
        Study study = Study.of("MRN-ST-3", "POE^EDGAR", "ACC-ST-3");
        String sop = Uids.create();
        byte[] file = TestInstances.part10(TestInstances.ct(study, sop, 1, 16, 1), Uid.ExplicitVRLittleEndian);

        HttpResponse<String> response = post("/dicomweb/studies/" + Uids.create(), multipart(List.of(file)), "admin");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json.readTree(response.body())
                        .path("00081198")
                        .path("Value")
                        .get(0)
                        .path("00081197")
                        .path("Value")
                        .get(0)
                        .asInt())
                .isEqualTo(0xA900);
        assertThat(count(sop)).isZero();
    }

    @Test
    void wrongMediaTypesMalformedBodiesOversizedBodiesAndWrongRolesAreRefusedWithProblems() throws Exception {
        byte[] file = TestInstances.part10(
                TestInstances.ct(Study.of("MRN-ST-4", "X^Y", "ACC-ST-4"), Uids.create(), 1, 16, 1),
                Uid.ExplicitVRLittleEndian);
        String token = TestIssuer.get().token("tech", "technologist");

        HttpResponse<String> json = http.send(
                HttpRequest.newBuilder(uri("/dicomweb/studies"))
                        .header("Authorization", "Bearer " + token)
                        .header(
                                "Content-Type",
                                "multipart/related; type=\"application/dicom+xml\"; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(List.of(file))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(415);

        HttpResponse<String> malformed =
                post("/dicomweb/studies", "not a multipart body".getBytes(StandardCharsets.US_ASCII), "technologist");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(malformed.body()).doesNotContain("Exception");

        HttpResponse<String> oversized = post("/dicomweb/studies", multipart(List.of(new byte[3_000_000])), "admin");
        assertThat(oversized.statusCode()).isEqualTo(413);

        assertThat(post("/dicomweb/studies", multipart(List.of(file)), "clinician")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(uri("/dicomweb/studies"))
                        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(List.of(file))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private int count(String sop) {
        return jdbc.sql("select count(*) from instance where sop_instance_uid = ?")
                .param(sop)
                .query(Integer.class)
                .single();
    }

    private HttpResponse<String> post(String path, byte[] body, String role) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + TestIssuer.get().token("user-" + role, role))
                        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static byte[] multipart(List<byte[]> files) {
        return TestInstances.multipartRelated(BOUNDARY, files);
    }
}
