package health.isthmus.dicomweb.wado;

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
import java.math.BigDecimal;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The same generated files stored in Orthanc 1.10 (with its DICOMweb plugin) and in Isthmus, their WADO-RS series and
 * instance metadata fetched from both: every attribute both return must have the same VR and value, and the same
 * attributes must be bulk data on both sides (the BulkDataURIs themselves name each server).
 *
 * <p>The files name an Issuer of Patient ID, so the study row holds exactly what the files hold and Isthmus coerces
 * nothing: the comparison is of what was stored, not of the coercion policy.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/wado-orthanc-it-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WadoMetadataOrthancAgreementIT {

    /**
     * Attributes left out of the value comparison, and why. Attributes only one side returns are not compared either;
     * {@link #onlyOneSide} keeps the list of those visible in the failure messages and the log.
     */
    static final Map<String, String> IGNORED = Map.of("00081190", "RetrieveURL names each server's own address");

    // SpecificCharacterSet (00080005) is compared: the files are ISO_IR 192 (UTF-8), the encoding of both answers,
    // so neither server has a reason to name another one.

    /** Group 0002 (File Meta Information) is not part of the data set; a server may or may not echo it. */
    static boolean ignored(String tag) {
        return IGNORED.containsKey(tag) || tag.startsWith("0002");
    }

    /** Fewer attributes than this compared for an instance means the comparison did not look at the header. */
    static final int MINIMUM_COMPARED_PER_INSTANCE = 25;

    private static final Logger log = LoggerFactory.getLogger(WadoMetadataOrthancAgreementIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CT_INSTANCES = 3;

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @TempDir
    static Path work;

    private OrthancPeer orthanc;
    private final HttpClient http = HttpClient.newHttpClient();
    private Study ct;
    private Study secondaryCapture;
    private final List<String> ctInstances = new ArrayList<>();
    private String jpegInstance;
    private final Set<String> onlyOneSide = new TreeSet<>();

    @BeforeAll
    void storeTheSameFilesInBoth() throws Exception {
        Assumptions.assumeTrue(OrthancPeer.installed(), "Orthanc and its DICOMweb plugin are not installed");
        orthanc = OrthancPeer.start(work.resolve("orthanc"));
        ct = Study.of("WADO-AGREE-1", "DOE^JANE^Q", "ACC-WAGREE");
        secondaryCapture = ct.nextSeries();
        List<Path> files = new ArrayList<>();
        for (int i = 1; i <= CT_INSTANCES; i++) {
            String sop = Uids.create();
            Attributes ds = TestInstances.ct(ct, sop, i, 64, i);
            withClinicalHeader(ds, i);
            files.add(TestInstances.write(work.resolve("ct-" + i + ".dcm"), ds, Uid.ExplicitVRLittleEndian));
            ctInstances.add(sop);
        }
        jpegInstance = Uids.create();
        Attributes sc =
                TestInstances.jpegSecondaryCapture(secondaryCapture, jpegInstance, 32, TestInstances.grayJpeg(32));
        sc.setString(Tag.IssuerOfPatientID, VR.LO, "WAGREE-HOSP");
        sc.setString(Tag.SeriesDescription, VR.LO, "KEY IMAGES");
        sc.setString(Tag.ConversionType, VR.CS, "WSD");
        files.add(TestInstances.write(work.resolve("sc.dcm"), sc, Uid.JPEGBaseline8Bit));
        for (Path file : files) {
            orthanc.uploadFile(file);
            try (InputStream in = Files.newInputStream(file)) {
                assertThat(ingest.storeFile(IngestSource.dimse("WAGREE", "127.0.0.1"), in)
                                .stored())
                        .isTrue();
            }
        }
    }

    /**
     * Attributes a CT header carries, chosen for value representations whose JSON forms can differ: DS and IS with
     * formatting a number parser changes ({@code "-1024"}, {@code "0.50"}, {@code "+3"}), multi-valued DS, FL, a
     * sequence with nested items, and an empty attribute.
     */
    private static void withClinicalHeader(Attributes ds, int instanceNumber) {
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "WAGREE-HOSP");
        ds.setString(Tag.SeriesDescription, VR.LO, "AXIAL 5MM");
        ds.setString(Tag.SeriesDate, VR.DA, "20261127");
        ds.setString(Tag.SeriesTime, VR.TM, "100501.250");
        ds.setString(Tag.Manufacturer, VR.LO, "ISTHMUS TEST");
        ds.setString(Tag.InstitutionName, VR.LO, "GENERAL HOSPITAL");
        ds.setString(Tag.BodyPartExamined, VR.CS, "HEAD");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        ds.setString(Tag.RescaleSlope, VR.DS, "1.0");
        ds.setString(Tag.PixelSpacing, VR.DS, "0.50", "0.5");
        ds.setString(Tag.SliceThickness, VR.DS, "5");
        ds.setString(Tag.ImagePositionPatient, VR.DS, "-125", "-125.000", Integer.toString(5 * instanceNumber));
        ds.setString(Tag.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0");
        ds.setString(Tag.KVP, VR.DS, "120");
        ds.setString(Tag.AcquisitionNumber, VR.IS, "+3");
        ds.setString(Tag.PatientAge, VR.AS, "046Y");
        ds.setString(Tag.OperatorsName, VR.PN, "TECH^TERRY");
        ds.setNull(Tag.ContrastBolusAgent, VR.LO);
        Attributes code = new Attributes();
        code.setString(Tag.CodeValue, VR.SH, "CTHEADWO");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "99ISTHMUS");
        code.setString(Tag.CodeMeaning, VR.LO, "CT head without contrast");
        ds.newSequence(Tag.ProcedureCodeSequence).add(code);
    }

    @AfterAll
    void stopOrthanc() {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Test
    void ctSeriesMetadataAgrees() throws Exception {
        String series = "/studies/" + ct.studyUid() + "/series/" + ct.seriesUid() + "/metadata";
        Map<String, JsonNode> ours = bySopInstance(isthmus(series));
        Map<String, JsonNode> theirs = bySopInstance(orthanc(series));
        assertThat(ours.keySet()).as("instances in %s", series).containsExactlyInAnyOrderElementsOf(ctInstances);
        assertThat(theirs.keySet()).as("instances in %s", series).isEqualTo(ours.keySet());
        for (String sop : ours.keySet()) {
            Set<String> compared = agree(sop, ours.get(sop), theirs.get(sop));
            assertThat(compared)
                    .as("attributes compared for %s", sop)
                    .hasSizeGreaterThanOrEqualTo(MINIMUM_COMPARED_PER_INSTANCE)
                    .contains("00100010", "00100020", "00100021", "00280030", "00281052", "00200032", "00081032");
        }
    }

    @Test
    void ctInstanceMetadataAgrees() throws Exception {
        String sop = ctInstances.get(1);
        String instance = "/studies/" + ct.studyUid() + "/series/" + ct.seriesUid() + "/instances/" + sop + "/metadata";
        JsonNode ours = isthmus(instance);
        JsonNode theirs = orthanc(instance);
        assertThat(ours).as("our answer to %s", instance).hasSize(1);
        assertThat(theirs).as("Orthanc's answer to %s", instance).hasSize(1);
        Set<String> compared = agree(sop, ours.get(0), theirs.get(0));
        assertThat(compared).hasSizeGreaterThanOrEqualTo(MINIMUM_COMPARED_PER_INSTANCE);
    }

    @Test
    void jpegSecondaryCaptureMetadataAgrees() throws Exception {
        String base = "/studies/" + ct.studyUid() + "/series/" + secondaryCapture.seriesUid();
        for (String path : List.of(base + "/metadata", base + "/instances/" + jpegInstance + "/metadata")) {
            JsonNode ours = isthmus(path);
            JsonNode theirs = orthanc(path);
            assertThat(ours).as("our answer to %s", path).hasSize(1);
            assertThat(theirs).as("Orthanc's answer to %s", path).hasSize(1);
            // Orthanc 1.10's DICOMweb plugin leaves encapsulated pixel data out of metadata altogether (no attribute,
            // no BulkDataURI); PS3.18 F.2.6 wants a BulkDataURI, which Isthmus gives. Should Orthanc ever return it,
            // this fails and the exception goes.
            assertThat(theirs.get(0).has("7FE00010"))
                    .as("Orthanc returns encapsulated pixel data in %s", path)
                    .isFalse();
            assertThat(ours.get(0).at("/7FE00010/BulkDataURI").asString())
                    .as("our BulkDataURI of the pixel data in %s", path)
                    .endsWith("/instances/" + jpegInstance + "/bulkdata/7FE00010");
            ((ObjectNode) ours.get(0)).remove("7FE00010");
            Set<String> compared = agree(jpegInstance, ours.get(0), theirs.get(0), false);
            assertThat(compared)
                    .as("attributes compared for %s", path)
                    .hasSizeGreaterThanOrEqualTo(MINIMUM_COMPARED_PER_INSTANCE)
                    .contains("00080016", "00280004", "00280100", "00080064");
        }
    }

    /**
     * Asserts that every attribute both data sets hold (but the {@linkplain #ignored ignored ones}) has the same VR
     * and the same normalized value, that the same attributes are bulk data on both sides, and (unless the caller has
     * dealt with it) that the pixel data is one of them.
     *
     * @return the top-level attributes compared
     */
    private Set<String> agree(String sop, JsonNode mine, JsonNode other) {
        return agree(sop, mine, other, true);
    }

    private Set<String> agree(String sop, JsonNode mine, JsonNode other, boolean withPixelData) {
        Set<String> compared = new TreeSet<>();
        compareDataSet(sop, "", mine, other, compared);
        Set<String> ourBulk = new TreeSet<>();
        Set<String> theirBulk = new TreeSet<>();
        bulkDataTags("", mine, ourBulk);
        bulkDataTags("", other, theirBulk);
        assertThat(ourBulk)
                .as("attributes with a BulkDataURI in %s (ours; Orthanc's are %s)", sop, theirBulk)
                .isEqualTo(theirBulk);
        if (withPixelData) {
            assertThat(ourBulk).as("attributes with a BulkDataURI in %s", sop).contains("7FE00010");
        }
        log.info("{}: {} attributes compared, bulk data {}", sop, compared.size(), ourBulk);
        return compared;
    }

    private void compareDataSet(String sop, String path, JsonNode mine, JsonNode other, Set<String> compared) {
        Set<String> both = new TreeSet<>(mine.propertyNames());
        both.retainAll(other.propertyNames());
        Set<String> either = new TreeSet<>(mine.propertyNames());
        either.addAll(other.propertyNames());
        either.removeAll(both);
        either.forEach(tag -> onlyOneSide.add(path + tag + (mine.has(tag) ? " (ours only)" : " (Orthanc only)")));
        for (String tag : both) {
            if (ignored(tag)) {
                if (!mine.get(tag).equals(other.get(tag))) {
                    log.info("ignored {}{} differs: ours {}, Orthanc {}", path, tag, mine.get(tag), other.get(tag));
                }
                continue;
            }
            JsonNode ours = mine.get(tag);
            JsonNode theirs = other.get(tag);
            String where = "%s%s of %s (ours %s, Orthanc %s)"
                    .formatted(path, tag, sop, abbreviated(ours), abbreviated(theirs));
            assertThat(ours.path("vr").asString())
                    .as("VR of " + where)
                    .isEqualTo(theirs.path("vr").asString());
            if (ours.has("BulkDataURI") || theirs.has("BulkDataURI")) {
                // the values are not in the metadata; agree() checks both sides name a BulkDataURI
                compared.add(tag);
                continue;
            }
            assertThat(ours.has("InlineBinary") ? ours.get("InlineBinary").asString() : null)
                    .as("InlineBinary of " + where)
                    .isEqualTo(
                            theirs.has("InlineBinary")
                                    ? theirs.get("InlineBinary").asString()
                                    : null);
            if ("SQ".equals(ours.path("vr").asString())) {
                JsonNode ourItems = ours.path("Value");
                JsonNode theirItems = theirs.path("Value");
                assertThat(ourItems.size()).as("items of " + where).isEqualTo(theirItems.size());
                for (int i = 0; i < ourItems.size(); i++) {
                    compareDataSet(
                            sop, path + tag + "[" + i + "].", ourItems.get(i), theirItems.get(i), new TreeSet<>());
                }
            } else {
                assertThat(normalized(ours.get("Value"))).as(where).isEqualTo(normalized(theirs.get("Value")));
            }
            compared.add(tag);
        }
    }

    /**
     * A Value array as comparable text. Normalizations, each because the two servers write the same DICOM value
     * differently in JSON:
     *
     * <ul>
     *   <li>numbers (DS, IS, and the binary number VRs) by numeric value: Orthanc parses {@code "-125.000"} and writes
     *       {@code -125.0}, PS3.18 F.2.3 allows either form;
     *   <li>an absent Value and an empty array alike: both mean an empty attribute (PS3.18 F.2.5);
     *   <li>everything else (strings, PN objects) exactly.
     * </ul>
     */
    private static String normalized(JsonNode value) {
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (JsonNode item : value) {
                items.add(item.isNumber() ? number(item.decimalValue()) : item.toString());
            }
        }
        return items.toString();
    }

    private static String number(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static void bulkDataTags(String path, JsonNode dataSet, Set<String> into) {
        for (String tag : dataSet.propertyNames()) {
            JsonNode attribute = dataSet.get(tag);
            if (attribute.has("BulkDataURI")) {
                assertThat(attribute.get("BulkDataURI").asString())
                        .as("BulkDataURI of %s%s", path, tag)
                        .startsWith("http");
                into.add(path + tag);
            } else if ("SQ".equals(attribute.path("vr").asString())) {
                int i = 0;
                for (JsonNode item : attribute.path("Value")) {
                    bulkDataTags(path + tag + "[" + i++ + "].", item, into);
                }
            }
        }
    }

    private static String abbreviated(JsonNode attribute) {
        String text = attribute.toString();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    @AfterAll
    void reportAttributesOnlyOneSideReturns() {
        // not a failure: each server decides which empty or derived attributes it writes; listed for the reader
        if (!onlyOneSide.isEmpty()) {
            log.info("attributes only one side returns: {}", onlyOneSide);
        }
    }

    private JsonNode isthmus(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/dicomweb" + path))
                        .header("Authorization", "Bearer " + TestIssuer.get().token("agreement", "radiologist"))
                        .header("Accept", "application/dicom+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode orthanc(String path) {
        return JSON.readTree(orthanc.get("/dicom-web" + path));
    }

    private static Map<String, JsonNode> bySopInstance(JsonNode results) {
        Map<String, JsonNode> bySop = new TreeMap<>();
        for (JsonNode result : results) {
            bySop.put(result.at("/00080018/Value/0").asString(), result);
        }
        return bySop;
    }
}
