package health.isthmus.dicomweb.qido;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * QIDO-RS over HTTP against instances stored through the ingest path: each level, each kind of matching, paging,
 * attribute selection, media types, access rules, held studies and the audit record of a query.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/qido-it-${random.uuid}",
            "isthmus.dicomweb.qido.default-limit=3",
            "isthmus.dicomweb.qido.max-limit=4",
            "isthmus.dicomweb.index.extra-attributes.series=ProtocolName"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class QidoIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A fresh patient id, so that each test sees its own data only. */
    private static String patient(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
    }

    @Test
    void studiesOfAPatientCarryTheDefaultAttributesCountsAndTheirRetrieveUrl() throws Exception {
        String pid = patient("P1");
        Study study = Study.of(pid, "DOE^JANE", "ACC1");
        String ct1 = store(TestInstances.ct(study, Uids.create(), 1, 8, 1));
        store(TestInstances.ct(study, Uids.create(), 2, 8, 2));
        store(TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 8, TestInstances.grayJpeg(8)));
        Study other = Study.of(pid, "DOE^JANE", "ACC2");
        store(TestInstances.ct(other, Uids.create(), 1, 8, 3));

        HttpResponse<String> response = get("/dicomweb/studies?PatientID=" + pid, "radiologist");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/dicom+json");
        JsonNode results = JSON.readTree(response.body());
        assertThat(uids(results, "0020000D")).containsExactlyInAnyOrder(study.studyUid(), other.studyUid());
        JsonNode first = byUid(results, "0020000D", study.studyUid());
        assertThat(first.at("/00100010/Value/0/Alphabetic").asString()).isEqualTo("DOE^JANE");
        assertThat(first.at("/00100010/vr").asString()).isEqualTo("PN");
        assertThat(first.at("/00080050/Value/0").asString()).isEqualTo("ACC1");
        assertThat(first.at("/00080020/Value/0").asString()).isEqualTo("20261127");
        assertThat(first.at("/00201206/Value/0").asInt()).isEqualTo(2);
        assertThat(first.at("/00201208/Value/0").asInt()).isEqualTo(3);
        assertThat(values(first.get("00080061"))).containsExactlyInAnyOrder("CT", "OT");
        assertThat(first.at("/00081190/Value/0").asString())
                .isEqualTo("http://localhost:" + port + "/dicomweb/studies/" + study.studyUid());
        assertThat(first.has("00081030"))
                .as("StudyDescription is not a default attribute")
                .isFalse();

        // patient attributes come from the study row (the patient it is filed under now), not from the header
        jdbc.sql("update study set patient_id = ? where study_instance_uid = ?")
                .param(pid + "-MERGED")
                .param(study.studyUid())
                .update();
        JsonNode merged = JSON.readTree(get("/dicomweb/instances?StudyInstanceUID=" + study.studyUid(), "clinician")
                .body());
        assertThat(merged).hasSize(3);
        assertThat(byUid(merged, "00080018", ct1).at("/00100020/Value/0").asString())
                .isEqualTo(pid + "-MERGED");
        assertThat(uids(
                        JSON.readTree(get("/dicomweb/studies?PatientID=" + pid + "-MERGED", "admin")
                                .body()),
                        "0020000D"))
                .containsExactly(study.studyUid());
    }

    @Test
    void seriesOfAStudyAndSeriesMatchedAcrossStudies() throws Exception {
        String pid = patient("P2");
        Study study = Study.of(pid, "ROE^RICHARD", "ACC3");
        Study second = study.nextSeries();
        store(TestInstances.ct(study, Uids.create(), 1, 8, 1));
        store(TestInstances.ct(study, Uids.create(), 2, 8, 1));
        store(TestInstances.jpegSecondaryCapture(second, Uids.create(), 8, TestInstances.grayJpeg(8)));

        JsonNode series = JSON.readTree(get("/dicomweb/studies/" + study.studyUid() + "/series", "technologist")
                .body());
        assertThat(uids(series, "0020000E")).containsExactlyInAnyOrder(study.seriesUid(), second.seriesUid());
        JsonNode ct = byUid(series, "0020000E", study.seriesUid());
        assertThat(ct.at("/00080060/Value/0").asString()).isEqualTo("CT");
        assertThat(ct.at("/00201209/Value/0").asInt()).isEqualTo(2);
        assertThat(ct.at("/00200011/Value/0").asInt()).isEqualTo(1);
        assertThat(ct.at("/00081190/Value/0").asString())
                .endsWith("/dicomweb/studies/" + study.studyUid() + "/series/" + study.seriesUid());
        assertThat(ct.has("00100020"))
                .as("no study attributes under a study's series")
                .isFalse();

        JsonNode ctSeries = JSON.readTree(get("/dicomweb/series?PatientID=" + pid + "&Modality=CT", "integration")
                .body());
        assertThat(uids(ctSeries, "0020000E")).containsExactly(study.seriesUid());
        assertThat(ctSeries.get(0).at("/00100020/Value/0").asString())
                .as("all-series results carry the study's attributes")
                .isEqualTo(pid);
    }

    @Test
    void instancesOfASeriesOfAStudyAndByUidList() throws Exception {
        String pid = patient("P3");
        Study study = Study.of(pid, "POE^EDGAR", "ACC4");
        String a = store(TestInstances.ct(study, Uids.create(), 1, 16, 1));
        String b = store(TestInstances.ct(study, Uids.create(), 2, 16, 1));
        String c = store(
                TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 8, TestInstances.grayJpeg(8)));

        JsonNode ofSeries = JSON.readTree(get(
                        "/dicomweb/studies/" + study.studyUid() + "/series/" + study.seriesUid() + "/instances",
                        "radiologist")
                .body());
        assertThat(uids(ofSeries, "00080018")).containsExactlyInAnyOrder(a, b);
        JsonNode first = byUid(ofSeries, "00080018", a);
        assertThat(first.at("/00080016/Value/0").asString()).isEqualTo(Uid.CTImageStorage);
        assertThat(first.at("/00280010/Value/0").asInt()).isEqualTo(16);
        assertThat(first.at("/00280100/Value/0").asInt())
                .as("BitsAllocated, from the header")
                .isEqualTo(16);
        assertThat(first.at("/00200013/Value/0").asInt()).isEqualTo(1);
        assertThat(first.at("/00081190/Value/0").asString())
                .endsWith("/studies/" + study.studyUid() + "/series/" + study.seriesUid() + "/instances/" + a);

        assertThat(uids(
                        JSON.readTree(get("/dicomweb/studies/" + study.studyUid() + "/instances", "radiologist")
                                .body()),
                        "00080018"))
                .containsExactlyInAnyOrder(a, b, c);
        assertThat(uids(
                        JSON.readTree(get("/dicomweb/instances?SOPInstanceUID=" + a + "," + c, "radiologist")
                                .body()),
                        "00080018"))
                .containsExactlyInAnyOrder(a, c);
        assertThat(uids(
                        JSON.readTree(get("/dicomweb/instances?00080018=" + a + "%5C" + b, "radiologist")
                                .body()),
                        "00080018"))
                .containsExactlyInAnyOrder(a, b);
    }

    @Test
    void wildcardsMatchAndSqlPatternCharactersAreLiteral() throws Exception {
        String base = patient("W");
        Study underscore = Study.of(base + "_X1", "SMITH^JOHN", "ACC5");
        Study letter = Study.of(base + "AX1", "SMYTH^JOAN", "ACC6");
        store(TestInstances.ct(underscore, Uids.create(), 1, 8, 1));
        store(TestInstances.ct(letter, Uids.create(), 1, 8, 1));

        assertThat(studyUids("PatientID=" + base + "*"))
                .containsExactlyInAnyOrder(underscore.studyUid(), letter.studyUid());
        assertThat(studyUids("PatientID=" + base + "_X*")).containsExactly(underscore.studyUid());
        assertThat(studyUids("PatientID=" + base + "?X1"))
                .containsExactlyInAnyOrder(underscore.studyUid(), letter.studyUid());
        assertThat(studyUids("PatientID=" + base + "*&PatientName=SM?TH%5EJO*")).hasSize(2);
        assertThat(studyUids("PatientID=" + base + "*&PatientName=SMITH%5EJOHN"))
                .containsExactly(underscore.studyUid());
        assertThat(studyUids("PatientID=" + base + "*&PatientName=smith%5Ejohn"))
                .as("without fuzzy matching, names match case-sensitively")
                .isEmpty();
    }

    @Test
    void fuzzyMatchingFindsAnyNameComponentCaseInsensitively() throws Exception {
        String pid = patient("F");
        Study study = Study.of(pid, "BERGMAN^INGRID^MARIA", "ACC7");
        store(TestInstances.ct(study, Uids.create(), 1, 8, 1));

        assertThat(studyUids("PatientID=" + pid + "&PatientName=ingr&fuzzymatching=true"))
                .containsExactly(study.studyUid());
        assertThat(studyUids("PatientID=" + pid + "&PatientName=berg&fuzzymatching=true"))
                .containsExactly(study.studyUid());
        assertThat(studyUids("PatientID=" + pid + "&PatientName=maria&fuzzymatching=true"))
                .containsExactly(study.studyUid());
        assertThat(studyUids("PatientID=" + pid + "&PatientName=grid&fuzzymatching=true"))
                .as("a prefix of a component, not any substring")
                .isEmpty();
        assertThat(studyUids("PatientID=" + pid + "&PatientName=ingr")).isEmpty();
    }

    @Test
    void dateRangesClosedAndOpenAndTimeRanges() throws Exception {
        String pid = patient("D");
        List<String> uids = new ArrayList<>();
        for (String[] dateTime :
                new String[][] {{"20251231", "235959"}, {"20260101", "080000"}, {"20261231", "120000"}}) {
            Study study = Study.of(pid, "DATE^TEST", "ACC-" + dateTime[0]);
            Attributes ds = TestInstances.ct(study, Uids.create(), 1, 8, 1);
            ds.setString(Tag.StudyDate, VR.DA, dateTime[0]);
            ds.setString(Tag.StudyTime, VR.TM, dateTime[1]);
            store(ds);
            uids.add(study.studyUid());
        }
        assertThat(studyUids("PatientID=" + pid + "&StudyDate=20260101-20261231"))
                .containsExactlyInAnyOrder(uids.get(1), uids.get(2));
        assertThat(studyUids("PatientID=" + pid + "&StudyDate=-20260101"))
                .containsExactlyInAnyOrder(uids.get(0), uids.get(1));
        assertThat(studyUids("PatientID=" + pid + "&StudyDate=20260102-")).containsExactly(uids.get(2));
        assertThat(studyUids("PatientID=" + pid + "&StudyDate=20251231")).containsExactly(uids.get(0));
        assertThat(studyUids("PatientID=" + pid + "&StudyTime=0700-1200"))
                .containsExactlyInAnyOrder(uids.get(1), uids.get(2));
        assertThat(get("/dicomweb/studies?StudyDate=2026-13-01", "admin").statusCode())
                .isEqualTo(400);
    }

    @Test
    void studyUidListsWithCommasOrBackslashes() throws Exception {
        String pid = patient("U");
        Study a = Study.of(pid, "UID^A", "ACC8");
        Study b = Study.of(pid, "UID^B", "ACC9");
        Study c = Study.of(pid, "UID^C", "ACC10");
        for (Study study : List.of(a, b, c)) {
            store(TestInstances.ct(study, Uids.create(), 1, 8, 1));
        }
        assertThat(studyUids("StudyInstanceUID=" + a.studyUid() + "," + c.studyUid()))
                .containsExactlyInAnyOrder(a.studyUid(), c.studyUid());
        assertThat(studyUids("StudyInstanceUID=" + b.studyUid() + "%5C" + c.studyUid()))
                .containsExactlyInAnyOrder(b.studyUid(), c.studyUid());
        assertThat(get("/dicomweb/studies?StudyInstanceUID=1.2.abc", "admin").statusCode())
                .isEqualTo(400);
    }

    @Test
    void includefieldAllAndNamedFieldsComeFromTheIndexOrTheHeader() throws Exception {
        String pid = patient("I");
        Study study = Study.of(pid, "INCLUDE^ALL", "ACC11");
        Attributes ds = TestInstances.ct(study, Uids.create(), 1, 8, 1);
        ds.setString(Tag.ProtocolName, VR.LO, "HEAD ROUTINE");
        String sop = store(ds);

        JsonNode plain = JSON.readTree(
                        get("/dicomweb/studies?PatientID=" + pid, "admin").body())
                .get(0);
        assertThat(plain.has("00081030")).isFalse();
        assertThat(plain.has("00281050")).isFalse();
        JsonNode all = JSON.readTree(get("/dicomweb/studies?PatientID=" + pid + "&includefield=all", "admin")
                        .body())
                .get(0);
        assertThat(all.at("/00081030/Value/0").asString()).isEqualTo("CT HEAD WO CONTRAST");
        assertThat(all.at("/00100020/Value/0").asString()).isEqualTo(pid);
        assertThat(all.has("00281050"))
                .as("image attributes are not study attributes")
                .isFalse();
        JsonNode named = JSON.readTree(
                        get("/dicomweb/studies?PatientID=" + pid + "&includefield=StudyDescription,00281050", "admin")
                                .body())
                .get(0);
        assertThat(named.at("/00081030/Value/0").asString()).isEqualTo("CT HEAD WO CONTRAST");
        assertThat(named.at("/00281050/Value/0").asInt())
                .as("from the first instance's header")
                .isEqualTo(1024);
        JsonNode instance = JSON.readTree(
                        get("/dicomweb/instances?SOPInstanceUID=" + sop + "&includefield=all", "admin")
                                .body())
                .get(0);
        assertThat(instance.at("/00281050/Value/0").asInt()).isEqualTo(1024);
        assertThat(instance.has("7FE00010")).as("never pixel data").isFalse();

        // ProtocolName is a configured series-level extra attribute: matchable and returned
        JsonNode series = JSON.readTree(get("/dicomweb/series?PatientID=" + pid + "&ProtocolName=HEAD*", "admin")
                .body());
        assertThat(uids(series, "0020000E")).containsExactly(study.seriesUid());
        assertThat(series.get(0).at("/00181030/Value/0").asString()).isEqualTo("HEAD ROUTINE");
        assertThat(JSON.readTree(get("/dicomweb/series?PatientID=" + pid + "&ProtocolName=KNEE*", "admin")
                        .body()))
                .isEmpty();
    }

    @Test
    void limitAndOffsetPageThroughResultsAndOverlargeLimitsAreLoweredWithAWarning() throws Exception {
        String pid = patient("L");
        List<String> uids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Study study = Study.of(pid, "PAGE^TEST", "ACC-L" + i);
            store(TestInstances.ct(study, Uids.create(), 1, 8, 1));
            uids.add(study.studyUid());
        }
        HttpResponse<String> byDefault = get("/dicomweb/studies?PatientID=" + pid, "admin");
        assertThat(JSON.readTree(byDefault.body())).hasSize(3);
        assertThat(byDefault.headers().allValues("Warning"))
                .anySatisfy(w -> assertThat(w).startsWith("299 ").contains("additional results"));

        List<String> paged = new ArrayList<>();
        paged.addAll(studyUids("PatientID=" + pid + "&limit=2"));
        paged.addAll(studyUids("PatientID=" + pid + "&limit=2&offset=2"));
        HttpResponse<String> last = get("/dicomweb/studies?PatientID=" + pid + "&limit=2&offset=4", "admin");
        paged.addAll(uids(JSON.readTree(last.body()), "0020000D"));
        assertThat(paged).containsExactlyElementsOf(uids);
        assertThat(last.headers().allValues("Warning")).isEmpty();

        HttpResponse<String> clamped = get("/dicomweb/studies?PatientID=" + pid + "&limit=1000", "admin");
        assertThat(JSON.readTree(clamped.body())).hasSize(4);
        assertThat(clamped.headers().allValues("Warning"))
                .anySatisfy(w -> assertThat(w).startsWith("299 ").contains("limit 1000"));
        assertThat(get("/dicomweb/studies?limit=0", "admin").statusCode()).isEqualTo(400);
        assertThat(get("/dicomweb/studies?offset=x", "admin").statusCode()).isEqualTo(400);
    }

    @Test
    void modalitiesInStudyMatchesAStudyWithAnySeriesOfTheModality() throws Exception {
        String pid = patient("M");
        Study mixed = Study.of(pid, "MOD^MIXED", "ACC12");
        store(TestInstances.ct(mixed, Uids.create(), 1, 8, 1));
        store(TestInstances.jpegSecondaryCapture(mixed.nextSeries(), Uids.create(), 8, TestInstances.grayJpeg(8)));
        Study ctOnly = Study.of(pid, "MOD^CT", "ACC13");
        store(TestInstances.ct(ctOnly, Uids.create(), 1, 8, 1));

        assertThat(studyUids("PatientID=" + pid + "&ModalitiesInStudy=OT")).containsExactly(mixed.studyUid());
        assertThat(studyUids("PatientID=" + pid + "&ModalitiesInStudy=CT"))
                .containsExactlyInAnyOrder(mixed.studyUid(), ctOnly.studyUid());
        assertThat(studyUids("PatientID=" + pid + "&ModalitiesInStudy=MR,OT")).containsExactly(mixed.studyUid());
        assertThat(studyUids("PatientID=" + pid + "&ModalitiesInStudy=MR")).isEmpty();
    }

    @Test
    void badRequestsAreProblemDetailsNamingTheParameter() throws Exception {
        HttpResponse<String> unknown = get("/dicomweb/studies?PatientID=X&Colour=blue&00099999=1", "admin");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(unknown.body());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).contains("Colour").contains("00099999");
        assertThat(unknown.body()).doesNotContain("Exception").doesNotContain("at health.");

        HttpResponse<String> seriesKey = get("/dicomweb/studies?Modality=CT", "admin");
        assertThat(seriesKey.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(seriesKey.body()).get("detail").asString()).contains("Modality");
        assertThat(get("/dicomweb/studies?includefield=NoSuchKeyword", "admin").statusCode())
                .isEqualTo(400);
    }

    @Test
    void onlyDicomJsonOrJsonIsServedAndOtherMediaTypesAre406() throws Exception {
        String pid = patient("A");
        store(TestInstances.ct(Study.of(pid, "ACCEPT^TEST", "ACC14"), Uids.create(), 1, 8, 1));
        String path = "/dicomweb/studies?PatientID=" + pid;
        assertThat(get(path, "admin", "application/json").headers().firstValue("Content-Type"))
                .hasValue("application/json");
        assertThat(get(path, "admin", "*/*").headers().firstValue("Content-Type"))
                .hasValue("application/dicom+json");
        HttpResponse<String> xml = get(path, "admin", "application/dicom+xml");
        assertThat(xml.statusCode()).isEqualTo(406);
        assertThat(JSON.readTree(xml.body()).get("status").asInt()).isEqualTo(406);
        assertThat(get(path, "admin", "text/html").statusCode()).isEqualTo(406);
    }

    @Test
    void retrieveUrlsNameTheAddressTheGatewayWasCalledAt() throws Exception {
        String pid = patient("X");
        Study study = Study.of(pid, "FORWARDED^TEST", "ACC17");
        store(TestInstances.ct(study, Uids.create(), 1, 8, 1));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/dicomweb/studies?PatientID=" + pid))
                        .header("Authorization", "Bearer " + TestIssuer.get().token("qido-it", "radiologist"))
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "pacs.example.org")
                        .header("X-Forwarded-Port", "8443")
                        .header("X-Forwarded-Prefix", "/imaging")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(response.body()).get(0).at("/00081190/Value/0").asString())
                .isEqualTo("https://pacs.example.org:8443/imaging/dicomweb/studies/" + study.studyUid());
    }

    @Test
    void anEmptyResultIs200WithAnEmptyArray() throws Exception {
        HttpResponse<String> none = get("/dicomweb/studies?PatientID=" + patient("NONE"), "admin");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("[]");
    }

    @Test
    void aTokenIsNeededAndAuditorsMayNotQuery() throws Exception {
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/dicomweb/studies"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(get("/dicomweb/studies", "auditor").statusCode()).isEqualTo(403);
        assertThat(get("/dicomweb/instances", "auditor").statusCode()).isEqualTo(403);
        for (String role : List.of("admin", "radiologist", "technologist", "clinician", "integration")) {
            assertThat(get("/dicomweb/studies?limit=1", role).statusCode())
                    .as(role)
                    .isEqualTo(200);
        }
    }

    @Test
    void heldStudiesAreInvisibleAtEveryLevel() throws Exception {
        String pid = patient("H");
        Study held = Study.of(pid, "HELD^STUDY", "ACC15");
        String sop = store(TestInstances.ct(held, Uids.create(), 1, 8, 1));
        assertThat(studyUids("PatientID=" + pid)).containsExactly(held.studyUid());
        jdbc.sql("update study set filing = 'HELD', held_reason = 'test' where study_instance_uid = ?")
                .param(held.studyUid())
                .update();
        assertThat(studyUids("PatientID=" + pid)).isEmpty();
        assertThat(JSON.readTree(get("/dicomweb/studies/" + held.studyUid() + "/series", "admin")
                        .body()))
                .isEmpty();
        assertThat(JSON.readTree(get("/dicomweb/instances?SOPInstanceUID=" + sop, "admin")
                        .body()))
                .isEmpty();
    }

    @Test
    void eachQueryIsAuditedWithTheQueryAndThePatientsAndStudiesReturned() throws Exception {
        String pid = patient("AU");
        Study study = Study.of(pid, "AUDIT^TEST", "ACC16");
        store(TestInstances.ct(study, Uids.create(), 1, 8, 1));
        try (TopicReader audit = new TopicReader(AuditTopics.RECORD)) {
            assertThat(studyUids("PatientID=" + pid)).containsExactly(study.studyUid());
            var records = audit.await(
                    r -> {
                        String value = new String(r.value(), StandardCharsets.UTF_8);
                        return value.contains("110112") && value.contains("PatientID=" + pid);
                    },
                    1,
                    Duration.ofSeconds(20));
            String record = new String(records.getFirst().value(), StandardCharsets.UTF_8);
            assertThat(record).contains(study.studyUid()).contains("|" + pid).contains("\"QUERY\"");

            assertThat(get("/dicomweb/studies?PatientID=" + pid + "&StudyDate=2026x", "admin")
                            .statusCode())
                    .isEqualTo(400);
            var refused = audit.await(
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains("StudyDate=2026x"),
                    1,
                    Duration.ofSeconds(20));
            assertThat(new String(refused.getFirst().value(), StandardCharsets.UTF_8))
                    .contains("110112")
                    .contains("bad request")
                    .doesNotContain(study.studyUid());
        }
    }

    private String store(Attributes dataset) throws Exception {
        var outcome = ingest.storeFile(
                IngestSource.dimse("QIDO_IT", "127.0.0.1"),
                new ByteArrayInputStream(TestInstances.part10(dataset, Uid.ExplicitVRLittleEndian)));
        assertThat(outcome.stored()).as(outcome.toString()).isTrue();
        return dataset.getString(Tag.SOPInstanceUID);
    }

    private List<String> studyUids(String query) throws Exception {
        HttpResponse<String> response = get("/dicomweb/studies?" + query, "radiologist");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return uids(JSON.readTree(response.body()), "0020000D");
    }

    private HttpResponse<String> get(String path, String role) throws Exception {
        return get(path, role, "application/dicom+json");
    }

    private HttpResponse<String> get(String path, String role, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + TestIssuer.get().token("qido-it-" + role, role))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<String> uids(JsonNode results, String tag) {
        List<String> uids = new ArrayList<>();
        results.forEach(result -> uids.add(result.at("/" + tag + "/Value/0").asString()));
        return uids;
    }

    static JsonNode byUid(JsonNode results, String tag, String uid) {
        for (JsonNode result : results) {
            if (uid.equals(result.at("/" + tag + "/Value/0").asString())) {
                return result;
            }
        }
        throw new AssertionError(uid + " not among the results: " + results);
    }

    static List<String> values(JsonNode element) {
        List<String> values = new ArrayList<>();
        element.get("Value").forEach(v -> values.add(v.asString()));
        return values;
    }
}
