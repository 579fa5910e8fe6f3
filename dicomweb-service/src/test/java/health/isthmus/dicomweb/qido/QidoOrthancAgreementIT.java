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
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.orthanc.OrthancPeer;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same generated files stored in Orthanc 1.10 (with its DICOMweb plugin) and in Isthmus, the same QIDO-RS queries
 * sent to both: the matches must be the same entities, and every attribute both return must hold the same values.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/qido-orthanc-it-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QidoOrthancAgreementIT {

    /**
     * Attributes left out of the comparison, and why. Attributes only one side returns are left out as well: each
     * server has its own default attribute set (Orthanc adds, for example, its own StudyDescription and
     * InstanceAvailability choices; Isthmus follows PS3.18 Tables 10.6.3-3 to -5).
     */
    static final Map<String, String> IGNORED = Map.of(
            "00081190", "RetrieveURL names each server's own address",
            "00080005", "SpecificCharacterSet: each server names the character set of its own JSON answer");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @TempDir
    static Path work;

    private OrthancPeer orthanc;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Study> studies = new ArrayList<>();

    @BeforeAll
    void storeTheSameFilesInBoth() throws Exception {
        Assumptions.assumeTrue(OrthancPeer.installed(), "Orthanc and its DICOMweb plugin are not installed");
        orthanc = OrthancPeer.start(work.resolve("orthanc"));
        String[][] patients = {{"AGREE-1", "DOE^JANE"}, {"AGREE-2", "ROE^RICHARD^J"}, {"AGREE-3", "POE^EDGAR"}};
        String[] dates = {"20250611", "20260105", "20261130"};
        int file = 0;
        for (int p = 0; p < patients.length; p++) {
            for (int s = 0; s < 2; s++) {
                Study study = Study.of(patients[p][0], patients[p][1], "AGR-" + p + s);
                studies.add(study);
                for (Study series : List.of(study, study.nextSeries())) {
                    for (int i = 1; i <= 2; i++) {
                        Attributes ds = TestInstances.ct(series, Uids.create(), i, 8, i);
                        ds.setString(Tag.StudyDate, VR.DA, dates[(p + s) % dates.length]);
                        ds.setString(Tag.SeriesDescription, VR.LO, "SERIES " + s);
                        Path path = TestInstances.write(
                                work.resolve("files").resolve(file++ + ".dcm"), ds, Uid.ExplicitVRLittleEndian);
                        orthanc.uploadFile(path);
                        try (InputStream in = Files.newInputStream(path)) {
                            assertThat(ingest.storeFile(IngestSource.dimse("AGREE", "127.0.0.1"), in)
                                            .stored())
                                    .isTrue();
                        }
                    }
                }
            }
        }
    }

    @AfterAll
    void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Test
    void studiesByPatientId() throws Exception {
        List<String> matched = agree("/studies?PatientID=AGREE-2", "0020000D");
        assertThat(matched).hasSize(2);
    }

    @Test
    void studiesByDateRange() throws Exception {
        assertThat(agree("/studies?StudyDate=20260101-20261231", "0020000D")).hasSize(4);
        assertThat(agree("/studies?StudyDate=-20251231", "0020000D")).hasSize(2);
    }

    @Test
    void studyByStudyInstanceUid() throws Exception {
        assertThat(agree("/studies?StudyInstanceUID=" + studies.get(3).studyUid(), "0020000D"))
                .containsExactly(studies.get(3).studyUid());
    }

    @Test
    void seriesOfAStudy() throws Exception {
        assertThat(agree("/studies/" + studies.get(0).studyUid() + "/series", "0020000E"))
                .hasSize(2);
    }

    @Test
    void instancesOfASeries() throws Exception {
        Study study = studies.get(4);
        assertThat(agree("/studies/" + study.studyUid() + "/series/" + study.seriesUid() + "/instances", "00080018"))
                .hasSize(2);
    }

    @Test
    void anEmptyResultIsAnEmptyArrayOnBoth() throws Exception {
        // Orthanc 1.10's DICOMweb plugin answers a query without matches 200 with [] (not 204); so do we
        assertThat(orthanc.get("/dicom-web/studies?PatientID=NOBODY").strip()).isEqualTo("[]");
        assertThat(isthmus("/studies?PatientID=NOBODY")).isEmpty();
    }

    /**
     * Sends the query to both, asserts that the same entities match and that every attribute both return agrees.
     *
     * @return the matched UIDs
     */
    private List<String> agree(String query, String uidTag) throws Exception {
        Map<String, JsonNode> ours = byUid(isthmus(query), uidTag);
        Map<String, JsonNode> theirs = byUid(JSON.readTree(orthanc.get("/dicom-web" + query)), uidTag);
        assertThat(ours.keySet()).as("entities matched by %s", query).isEqualTo(theirs.keySet());
        List<String> compared = new ArrayList<>();
        for (String uid : ours.keySet()) {
            JsonNode mine = ours.get(uid);
            JsonNode other = theirs.get(uid);
            Set<String> both = new TreeSet<>(mine.propertyNames());
            both.retainAll(other.propertyNames());
            both.removeAll(IGNORED.keySet());
            for (String tag : both) {
                assertThat(normalized(mine.get(tag).get("Value")))
                        .as("%s of %s in %s (ours %s, Orthanc %s)", tag, uid, query, mine.get(tag), other.get(tag))
                        .isEqualTo(normalized(other.get(tag).get("Value")));
                compared.add(tag);
            }
        }
        String[] expected = switch (uidTag) {
            case "0020000D" -> new String[] {"00100010", "00100020", "00100030", "00080020", "00080050"};
            case "0020000E" -> new String[] {"00080060", "0008103E", "00200011"};
            default -> new String[] {"00080016", "00200013"};
        };
        if (!ours.isEmpty()) {
            assertThat(compared)
                    .as("attributes compared for %s", query)
                    .contains(uidTag)
                    .contains(expected);
        }
        return new ArrayList<>(ours.keySet());
    }

    /** A Value array as text; numbers as their numeric value, so that 1 and 1.0 agree. */
    private static String normalized(JsonNode value) {
        if (value == null) {
            return "(no value)";
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            items.add(item.isNumber() ? item.decimalValue().stripTrailingZeros().toPlainString() : item.toString());
        }
        return items.toString();
    }

    private JsonNode isthmus(String query) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/dicomweb" + query))
                        .header("Authorization", "Bearer " + TestIssuer.get().token("agreement", "radiologist"))
                        .header("Accept", "application/dicom+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Map<String, JsonNode> byUid(JsonNode results, String uidTag) {
        Map<String, JsonNode> byUid = new TreeMap<>();
        for (JsonNode result : results) {
            byUid.put(result.at("/" + uidTag + "/Value/0").asString(), result);
        }
        return byUid;
    }
}
