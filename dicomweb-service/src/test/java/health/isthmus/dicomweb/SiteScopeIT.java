package health.isthmus.dicomweb;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.ingest.IngestOutcome;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Site scoping over HTTP: with a study of GENHOSP and one of NORTHCLINIC (sites taken from their Patient IDs' issuers),
 * a GENHOSP-limited user finds and retrieves GENHOSP's only, by QIDO-RS, WADO-RS and FHIR, gets 404 for NORTHCLINIC's
 * as if it were absent (each refusal audited once), and may not store into NORTHCLINIC's studies; an unlimited user
 * and an admin see both.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/site-scope-it-${random.uuid}",
            "isthmus.dicomweb.filing.default-issuer=GENHOSP"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class SiteScopeIT {

    private static final String BOUNDARY = "site-scope-boundary";

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String genhospRadiologist =
            TestIssuer.get().tokenForSites(List.of("GENHOSP"), "dr-genhosp", "radiologist");
    private final String genhospTechnologist =
            TestIssuer.get().tokenForSites(List.of("GENHOSP"), "tech-genhosp", "technologist");
    private final String radiologist = TestIssuer.get().token("dr-everywhere", "radiologist");
    private final String admin = TestIssuer.get().tokenForSites(List.of("GENHOSP"), "the-admin", "admin");

    private Study genhosp;
    private Study north;

    @BeforeEach
    void storeAStudyOfEachSite() throws Exception {
        genhosp = Study.of("MRN-SC-G", "DOE^GENA", "SC-" + Uids.create().substring(20));
        north = Study.of("MRN-SC-N", "DOE^NORA", genhosp.accession());
        store(TestInstances.ct(genhosp, Uids.create(), 1, 16, 1));
        Attributes northCt = TestInstances.ct(north, Uids.create(), 1, 16, 2);
        northCt.setString(Tag.IssuerOfPatientID, VR.LO, "NORTHCLINIC");
        store(northCt);
    }

    @Test
    void studiesAreStoredUnderTheSiteOfTheirPatientsIssuer() {
        assertThat(site(genhosp)).isEqualTo("GENHOSP");
        assertThat(site(north)).isEqualTo("NORTHCLINIC");
    }

    @Test
    void qidoFindsOnlyTheStudiesSeriesAndInstancesOfTheUsersSites() throws Exception {
        String byAccession = "/dicomweb/studies?AccessionNumber=" + genhosp.accession();

        assertThat(studyUids(byAccession, genhospRadiologist)).containsExactly(genhosp.studyUid());
        assertThat(studyUids(byAccession, radiologist)).containsExactlyInAnyOrder(genhosp.studyUid(), north.studyUid());
        assertThat(studyUids(byAccession, admin)).containsExactlyInAnyOrder(genhosp.studyUid(), north.studyUid());
        assertThat(studyUids(byAccession + "&limit=1", genhospRadiologist))
                .as("the limit counts visible studies only")
                .containsExactly(genhosp.studyUid());
        assertThat(results("/dicomweb/studies/" + north.studyUid() + "/series", genhospRadiologist))
                .isEmpty();
        assertThat(results("/dicomweb/studies/" + north.studyUid() + "/instances", genhospRadiologist))
                .isEmpty();
        assertThat(results("/dicomweb/studies/" + genhosp.studyUid() + "/instances", genhospRadiologist))
                .hasSize(1);
        assertThat(results("/dicomweb/studies/" + north.studyUid() + "/series", radiologist))
                .hasSize(1);
    }

    @Test
    void wadoAnswers404ForAStudyOfAnotherSiteAndAuditsTheRefusalOnce() throws Exception {
        for (String path : List.of(
                "/dicomweb/studies/" + north.studyUid() + "/metadata",
                "/dicomweb/studies/" + north.studyUid() + "/series/" + north.seriesUid() + "/metadata",
                "/dicomweb/studies/" + north.studyUid() + "/series/" + north.seriesUid() + "/thumbnail")) {
            HttpResponse<String> refused = get(path, genhospRadiologist, "*/*");
            assertThat(refused.statusCode()).as(path).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("NORA");
        }
        assertThat(auditRecords(north, "another site")).isEqualTo(3);

        assertThat(get("/dicomweb/studies/" + genhosp.studyUid() + "/metadata", genhospRadiologist, "*/*")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/dicomweb/studies/" + north.studyUid() + "/metadata", radiologist, "*/*")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/dicomweb/studies/" + north.studyUid() + "/metadata", admin, "*/*")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void fhirImagingStudyOfAnotherSiteIsNeitherReadNorFound() throws Exception {
        assertThat(get("/fhir/ImagingStudy/" + north.studyUid(), genhospRadiologist, "application/fhir+json")
                        .statusCode())
                .isEqualTo(404);
        assertThat(get("/fhir/ImagingStudy/" + genhosp.studyUid(), genhospRadiologist, "application/fhir+json")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/fhir/ImagingStudy/" + north.studyUid(), radiologist, "application/fhir+json")
                        .statusCode())
                .isEqualTo(200);
        String search = "/fhir/ImagingStudy?identifier=" + genhosp.accession();

        assertThat(fhirIds(search, genhospRadiologist)).containsExactly(genhosp.studyUid());
        assertThat(fhirIds(search, radiologist)).containsExactlyInAnyOrder(genhosp.studyUid(), north.studyUid());
        assertThat(fhirIds(search, admin)).containsExactlyInAnyOrder(genhosp.studyUid(), north.studyUid());
    }

    @Test
    void stowRefusesInstancesForStudiesOfAnotherSite() throws Exception {
        String intoNorth = Uids.create();
        Study newNorth = Study.of("MRN-SC-N2", "DOE^NOEL", "SC-N2");
        Attributes newNorthCt = TestInstances.ct(newNorth, Uids.create(), 1, 16, 4);
        newNorthCt.setString(Tag.IssuerOfPatientID, VR.LO, "NORTHCLINIC");
        Study newGenhosp = Study.of("MRN-SC-G2", "DOE^GENE", "SC-G2");
        String intoGenhosp = Uids.create();
        List<byte[]> files = List.of(
                TestInstances.part10(TestInstances.ct(north, intoNorth, 2, 16, 3), Uid.ExplicitVRLittleEndian),
                TestInstances.part10(newNorthCt, Uid.ExplicitVRLittleEndian),
                TestInstances.part10(TestInstances.ct(newGenhosp, intoGenhosp, 1, 16, 5), Uid.ExplicitVRLittleEndian));

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri("/dicomweb/studies"))
                        .header("Authorization", "Bearer " + genhospTechnologist)
                        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TestInstances.multipartRelated(BOUNDARY, files)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json.readTree(response.body());
        JsonNode failed = body.path("00081198").path("Value");
        assertThat(failed).hasSize(2);
        for (JsonNode item : failed) {
            assertThat(item.path("00081197").path("Value").get(0).asInt())
                    .as("Refused: Not Authorized")
                    .isEqualTo(0x0124);
        }
        assertThat(body.path("00081199").path("Value")).hasSize(1);
        assertThat(instances(intoNorth)).isZero();
        assertThat(jdbc.sql("select count(*) from study where study_instance_uid = ?")
                        .param(newNorth.studyUid())
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(instances(intoGenhosp)).isOne();
        assertThat(site(newGenhosp)).isEqualTo("GENHOSP");
    }

    private void store(Attributes dataset) throws Exception {
        byte[] file = TestInstances.part10(dataset, Uid.ExplicitVRLittleEndian);
        IngestOutcome outcome =
                ingest.storeFile(IngestSource.stow("site-scope-it", "127.0.0.1"), new ByteArrayInputStream(file));
        assertThat(outcome.status()).as(String.valueOf(outcome.reason())).isZero();
    }

    private String site(Study study) {
        return jdbc.sql("select site from study where study_instance_uid = ?")
                .param(study.studyUid())
                .query(String.class)
                .single();
    }

    private int instances(String sopInstanceUid) {
        return jdbc.sql("select count(*) from instance where sop_instance_uid = ?")
                .param(sopInstanceUid)
                .query(Integer.class)
                .single();
    }

    private int auditRecords(Study study, String failure) {
        return jdbc.sql("""
                        select count(*) from outbox_event where topic = 'audit.record.v1'
                           and payload like ? and payload like ?""")
                .param("%" + study.studyUid() + "%")
                .param("%" + failure + "%")
                .query(Integer.class)
                .single();
    }

    private List<String> studyUids(String path, String token) throws Exception {
        List<String> uids = new ArrayList<>();
        results(path, token)
                .forEach(study ->
                        uids.add(study.path("0020000D").path("Value").get(0).asString()));
        return uids;
    }

    private JsonNode results(String path, String token) throws Exception {
        HttpResponse<String> response = get(path, token, "application/dicom+json");
        assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
        return response.body().isEmpty() ? json.createArrayNode() : json.readTree(response.body());
    }

    private List<String> fhirIds(String path, String token) throws Exception {
        HttpResponse<String> response = get(path, token, "application/fhir+json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(response.body())
                .path("entry")
                .forEach(entry -> ids.add(entry.path("resource").path("id").asString()));
        return ids;
    }

    private HttpResponse<String> get(String path, String token, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", accept)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
