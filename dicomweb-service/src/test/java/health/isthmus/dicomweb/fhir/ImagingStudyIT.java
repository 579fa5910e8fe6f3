package health.isthmus.dicomweb.fhir;

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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** FHIR ImagingStudy against the running service: studies stored through ingest, read and searched over HTTP. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/fhir-it-${random.uuid}",
            "isthmus.dicomweb.filing.default-issuer=GENHOSP",
            "isthmus.dicomweb.fhir.identifier-systems.GENHOSP=urn:oid:1.2.3.4",
            "isthmus.dicomweb.fhir.time-zone=Europe/Zurich"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class ImagingStudyIT {

    static final String CT_IMAGE = "urn:oid:" + Uid.CTImageStorage;

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    final String clinician = TestIssuer.get().token("dr-clinician", "clinician");
    final String admin = TestIssuer.get().token("the-admin", "admin");

    @Test
    void aSearchByAccessionFindsTheStudyWithPatientDateModalitiesSeriesAndInstances() throws Exception {
        Study study = Study.of("MRN-FH-1", "DOE^JANE", "ACC-FH-1");
        String first = Uids.create();
        String second = Uids.create();
        store(TestInstances.ct(study, first, 1, 16, 1), Uid.ExplicitVRLittleEndian);
        store(TestInstances.ct(study, second, 2, 16, 2), Uid.ExplicitVRLittleEndian);
        Study secondary = study.nextSeries();
        Attributes capture =
                TestInstances.jpegSecondaryCapture(secondary, Uids.create(), 32, TestInstances.grayJpeg(32));
        capture.setString(Tag.SeriesNumber, VR.IS, "2");
        store(capture, Uid.JPEGBaseline8Bit);

        JsonNode found = single(search("identifier=ACC-FH-1", clinician));

        assertThat(found.path("id").asString()).isEqualTo(study.studyUid());
        assertThat(found.path("status").asString()).isEqualTo("available");
        assertThat(identifierValues(found, "urn:dicom:uid")).containsExactly("urn:oid:" + study.studyUid());
        JsonNode accession = identifierOfType(found, "ACSN");
        assertThat(accession).isNotNull();
        assertThat(accession.path("value").asString()).isEqualTo("ACC-FH-1");
        JsonNode subject = found.path("subject");
        assertThat(subject.path("identifier").path("system").asString()).isEqualTo("urn:oid:1.2.3.4");
        assertThat(subject.path("identifier").path("value").asString()).isEqualTo("MRN-FH-1");
        assertThat(subject.path("display").asString()).isEqualTo("JANE DOE");
        assertThat(found.path("started").asString()).isEqualTo("2026-11-27T10:00:00+01:00");
        assertThat(found.path("description").asString()).isEqualTo("CT HEAD WO CONTRAST");
        assertThat(found.path("numberOfSeries").asInt()).isEqualTo(2);
        assertThat(found.path("numberOfInstances").asInt()).isEqualTo(3);
        assertThat(codes(found.path("modality"), "http://dicom.nema.org/resources/ontology/DCM"))
                .containsExactlyInAnyOrder("CT", "OT");

        JsonNode series = found.path("series");
        assertThat(series).hasSize(2);
        JsonNode ct = series.get(0);
        assertThat(ct.path("uid").asString()).isEqualTo(study.seriesUid());
        assertThat(ct.path("number").asInt()).isEqualTo(1);
        assertThat(ct.path("modality").path("code").asString()).isEqualTo("CT");
        assertThat(ct.path("numberOfInstances").asInt()).isEqualTo(2);
        assertThat(ct.path("instance")).hasSize(2);
        assertThat(ct.path("instance").get(0).path("uid").asString()).isEqualTo(first);
        assertThat(ct.path("instance").get(0).path("number").asInt()).isEqualTo(1);
        assertThat(ct.path("instance").get(0).path("sopClass").path("code").asString())
                .isEqualTo(CT_IMAGE);
        assertThat(ct.path("instance").get(1).path("uid").asString()).isEqualTo(second);
        assertThat(series.get(1).path("uid").asString()).isEqualTo(secondary.seriesUid());
        assertThat(series.get(1).path("modality").path("code").asString()).isEqualTo("OT");

        assertThat(search("identifier=urn:dicom:uid%7Curn:oid:" + study.studyUid(), clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(study.studyUid());
        assertThat(search("identifier=ACC-FH-1-OTHER", clinician)).isEmpty();
        assertThat(search("identifier=ACC-FH-1&modality=MR", clinician)).isEmpty();
        assertThat(search("identifier=ACC-FH-1&modality=MR,OT", clinician)).hasSize(1);
        assertThat(audits(study.studyUid(), "110112")).as("each search audited").isEqualTo(3);
    }

    @Test
    void aReadReturnsTheCountsAndTheDicomWebEndpointAsTheClientReachesIt() throws Exception {
        Study study = Study.of("MRN-FH-2", "ROE^RICHARD", "ACC-FH-2");
        for (int i = 1; i <= 3; i++) {
            store(TestInstances.ct(study, Uids.create(), i, 16, i), Uid.ExplicitVRLittleEndian);
        }

        HttpResponse<String> direct = get("/fhir/ImagingStudy/" + study.studyUid(), clinician);
        assertThat(direct.statusCode()).isEqualTo(200);
        JsonNode read = json.readTree(direct.body());
        assertThat(read.path("resourceType").asString()).isEqualTo("ImagingStudy");
        assertThat(read.path("numberOfSeries").asInt()).isEqualTo(1);
        assertThat(read.path("numberOfInstances").asInt()).isEqualTo(3);
        assertThat(read.path("series").get(0).path("instance")).hasSize(3);
        assertThat(endpointAddress(read)).isEqualTo("http://localhost:" + port + "/dicomweb");

        HttpResponse<String> forwarded = http.send(
                HttpRequest.newBuilder(uri("/fhir/ImagingStudy/" + study.studyUid()))
                        .header("Authorization", "Bearer " + clinician)
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "gateway.example.org")
                        .header("X-Forwarded-Prefix", "/isthmus")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(endpointAddress(json.readTree(forwarded.body())))
                .isEqualTo("https://gateway.example.org/isthmus/dicomweb");

        assertThat(get("/fhir/ImagingStudy/" + Uids.create(), clinician).statusCode())
                .isEqualTo(404);
        assertThat(get("/fhir/ImagingStudy/not-a-uid", clinician).statusCode()).isEqualTo(404);
        assertThat(audits(study.studyUid(), "110103")).as("each read audited").isEqualTo(2);
    }

    @Test
    void aSearchByPatientFindsTheStudiesFiledUnderThePatientOrItsEuid() throws Exception {
        Study study = Study.of("MRN-FH-3", "POE^EDGAR", "ACC-FH-3");
        store(TestInstances.ct(study, Uids.create(), 1, 16, 1), Uid.ExplicitVRLittleEndian);
        UUID euid = UUID.randomUUID();
        jdbc.sql("update study set euid = ? where study_instance_uid = ?")
                .param(euid)
                .param(study.studyUid())
                .update();

        assertThat(search("patient=urn:oid:1.2.3.4%7CMRN-FH-3", clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(study.studyUid());
        assertThat(search("patient=urn:isthmus:euid%7C" + euid, clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(study.studyUid());
        assertThat(search("patient=urn:oid:9.9.9%7CMRN-FH-3", clinician)).isEmpty();
        assertThat(search("patient=urn:isthmus:euid%7C" + UUID.randomUUID(), clinician))
                .isEmpty();
        assertThat(get("/fhir/ImagingStudy?patient=MRN-FH-3", clinician).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aSearchByStartedMatchesTheStudyDateRangeAndCountLimitsTheResults() throws Exception {
        Study recent = Study.of("MRN-FH-4", "ROE^JANE", "ACC-FH-4A");
        store(TestInstances.ct(recent, Uids.create(), 1, 16, 1), Uid.ExplicitVRLittleEndian);
        Study older = new Study("MRN-FH-4", "ROE^JANE", Uids.create(), Uids.create(), "ACC-FH-4B");
        Attributes old = TestInstances.ct(older, Uids.create(), 1, 16, 1);
        old.setString(Tag.StudyDate, VR.DA, "19990102");
        store(old, Uid.ExplicitVRLittleEndian);
        String patient = "patient=urn:oid:1.2.3.4%7CMRN-FH-4";

        assertThat(search(patient, clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(recent.studyUid(), older.studyUid());
        assertThat(search(patient + "&started=ge2026-11-27&started=le2026-11-27", clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(recent.studyUid());
        assertThat(search(patient + "&started=lt2026-11-27", clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(older.studyUid());
        assertThat(search("started=ge1999-01-02&started=le1999-01-02", clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(older.studyUid());
        assertThat(search("started=1999", clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(older.studyUid());
        assertThat(search(patient + "&_count=1", clinician))
                .extracting(s -> s.path("id").asString())
                .containsExactly(recent.studyUid());
    }

    @Test
    void auditorsAreForbiddenAnonymousUnauthorizedAndUnboundedSearchesRefused() throws Exception {
        Study study = Study.of("MRN-FH-5", "DOE^JOHN", "ACC-FH-5");
        store(TestInstances.ct(study, Uids.create(), 1, 16, 1), Uid.ExplicitVRLittleEndian);
        String auditor = TestIssuer.get().token("the-auditor", "auditor");

        assertThat(get("/fhir/ImagingStudy?identifier=ACC-FH-5", auditor).statusCode())
                .isEqualTo(403);
        assertThat(get("/fhir/ImagingStudy/" + study.studyUid(), auditor).statusCode())
                .isEqualTo(403);
        assertThat(get("/fhir/ImagingStudy?identifier=ACC-FH-5", null).statusCode())
                .isEqualTo(401);
        assertThat(get("/fhir/ImagingStudy", clinician).statusCode()).isEqualTo(400);
        assertThat(get("/fhir/ImagingStudy?modality=CT", clinician).statusCode())
                .isEqualTo(400);
        assertThat(get("/fhir/ImagingStudy?started=ge2026-01-01", clinician).statusCode())
                .isEqualTo(400);
        assertThat(get("/fhir/ImagingStudy?identifier=ACC-FH-5&color=red", clinician)
                        .statusCode())
                .isEqualTo(400);
        assertThat(search("identifier=ACC-FH-5", TestIssuer.get().token("a-radiologist", "radiologist")))
                .hasSize(1);
    }

    @Test
    void aHeldStudyIsNotFoundExceptByAdmins() throws Exception {
        Study study = Study.of("MRN-FH-6", "DOE^JUNE", "ACC-FH-6");
        store(TestInstances.ct(study, Uids.create(), 1, 16, 1), Uid.ExplicitVRLittleEndian);
        assertThat(search("identifier=ACC-FH-6", clinician)).hasSize(1);
        jdbc.sql("update study set filing = 'HELD', held_reason = 'test' where study_instance_uid = ?")
                .param(study.studyUid())
                .update();

        assertThat(search("identifier=ACC-FH-6", clinician)).isEmpty();
        assertThat(get("/fhir/ImagingStudy/" + study.studyUid(), clinician).statusCode())
                .isEqualTo(404);
        HttpResponse<String> asAdmin = get("/fhir/ImagingStudy/" + study.studyUid(), admin);
        assertThat(asAdmin.statusCode()).isEqualTo(200);
        assertThat(json.readTree(asAdmin.body()).path("status").asString()).isEqualTo("unknown");
        assertThat(search("identifier=ACC-FH-6", admin)).hasSize(1);
        assertThat(search("identifier=ACC-FH-6&status=available", admin)).isEmpty();
    }

    private void store(Attributes dataset, String transferSyntax) throws IOException {
        byte[] file = TestInstances.part10(dataset, transferSyntax);
        IngestOutcome outcome =
                ingest.storeFile(IngestSource.stow("fhir-it", "127.0.0.1"), new ByteArrayInputStream(file));
        assertThat(outcome.status()).as(String.valueOf(outcome.reason())).isZero();
    }

    private List<JsonNode> search(String query, String token) throws Exception {
        HttpResponse<String> response = get("/fhir/ImagingStudy?" + query, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode bundle = json.readTree(response.body());
        assertThat(bundle.path("resourceType").asString()).isEqualTo("Bundle");
        List<JsonNode> resources = new ArrayList<>();
        bundle.path("entry").forEach(entry -> resources.add(entry.path("resource")));
        return resources;
    }

    private static JsonNode single(List<JsonNode> resources) {
        assertThat(resources).hasSize(1);
        return resources.getFirst();
    }

    private HttpResponse<String> get(String path, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static List<String> identifierValues(JsonNode resource, String system) {
        List<String> values = new ArrayList<>();
        resource.path("identifier").forEach(identifier -> {
            if (system.equals(identifier.path("system").asString(""))) {
                values.add(identifier.path("value").asString());
            }
        });
        return values;
    }

    private static @Nullable JsonNode identifierOfType(JsonNode resource, String type) {
        for (JsonNode identifier : resource.path("identifier")) {
            for (JsonNode coding : identifier.path("type").path("coding")) {
                if (type.equals(coding.path("code").asString(""))
                        && "http://terminology.hl7.org/CodeSystem/v2-0203"
                                .equals(coding.path("system").asString(""))) {
                    return identifier;
                }
            }
        }
        return null;
    }

    private static List<String> codes(JsonNode codings, String system) {
        List<String> codes = new ArrayList<>();
        codings.forEach(coding -> {
            if (system.equals(coding.path("system").asString(""))) {
                codes.add(coding.path("code").asString());
            }
        });
        return codes;
    }

    /** The address of the contained Endpoint the study's endpoint reference names. */
    private static String endpointAddress(JsonNode study) {
        String reference = study.path("endpoint").get(0).path("reference").asString();
        assertThat(reference).startsWith("#");
        for (JsonNode contained : study.path("contained")) {
            if (contained.path("resourceType").asString().equals("Endpoint")
                    && contained.path("id").asString().equals(reference.substring(1))) {
                assertThat(contained.path("connectionType").path("code").asString())
                        .isEqualTo("dicom-wado-rs");
                return contained.path("address").asString();
            }
        }
        throw new AssertionError("no contained Endpoint " + reference + " in " + study);
    }

    private int audits(String studyUid, String code) {
        return jdbc.sql("""
                        select count(*) from outbox_event where topic = 'audit.record.v1'
                           and payload like ? and payload like ?""")
                .param("%" + studyUid + "%")
                .param("%\"" + code + "\"%")
                .query(Integer.class)
                .single();
    }
}
