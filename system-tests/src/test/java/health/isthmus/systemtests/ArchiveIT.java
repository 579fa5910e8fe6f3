package health.isthmus.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The archive as a modality and a viewer see it (issue 7): DCMTK storescu stores a study to port 11112 (AE title
 * {@code ISTHMUS_PACS}) in three transfer syntaxes (JPEG baseline, Explicit and Implicit VR Little Endian); a viewer
 * finds it with QIDO-RS and retrieves it with WADO-RS through the gateway with a token: the data sets come back as
 * stored, the JPEG frame as it was sent. Then an A40 merge after the images were stored: QIDO by the surviving
 * identifier finds the study. The DICOM files are made with DCMTK (img2dcm, dcmdjpeg, dcmconv) from a JPEG the JDK
 * encodes.
 */
@ExtendWith(SharedStack.class)
class ArchiveIT {

    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    private final Platform platform = new Platform();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase(Locale.ROOT);

    @TempDir
    Path files;

    @Test
    void aStudyStoredWithStorescuIsFoundWithQidoAndRetrievedWithWadoThroughTheGateway() throws Exception {
        String patientId = "MRN-AR1-" + run;
        String studyUid = newUid();
        byte[] jpeg = Dcmtk.grayJpeg(64);
        Path jpegFile = jpegInstance(jpeg, patientId, studyUid, "jpeg.dcm");
        Path explicitFile = decompressed(jpegInstance(jpeg, patientId, studyUid, "source-2.dcm"), "explicit.dcm");
        Path implicitFile = implicit(
                decompressed(jpegInstance(jpeg, patientId, studyUid, "source-3.dcm"), "source-3-explicit.dcm"),
                "implicit.dcm");

        Dcmtk.storescu("-xy", jpegFile);
        Dcmtk.storescu("-xe", explicitFile);
        Dcmtk.storescu("-xi", implicitFile);

        String token = platform.token("dev-radiologist");
        JsonNode study = awaitSingleStudy("PatientID=" + patientId, token);
        assertThat(study.path("0020000D").path("Value").get(0).asString()).isEqualTo(studyUid);
        assertThat(study.path("00201208").path("Value").get(0).asInt())
                .as("NumberOfStudyRelatedInstances")
                .isEqualTo(3);

        for (Path sent : List.of(jpegFile, explicitFile, implicitFile)) {
            String sop = dcmdump(sent, "0008,0018");
            String series = dcmdump(sent, "0020,000e");
            HttpResponse<byte[]> retrieved = getBytes(
                    "/dicomweb/studies/" + studyUid + "/series/" + series + "/instances/" + sop,
                    "multipart/related; type=\"application/dicom\"; transfer-syntax=*",
                    token);
            assertThat(retrieved.statusCode()).isEqualTo(200);
            List<byte[]> parts = multipartBodies(retrieved);
            assertThat(parts).hasSize(1);
            assertThat(dataSet(parts.getFirst()))
                    .as("the data set of %s comes back as stored", sent.getFileName())
                    .isEqualTo(dataSet(Files.readAllBytes(sent)));
        }

        String jpegSop = dcmdump(jpegFile, "0008,0018");
        String jpegSeries = dcmdump(jpegFile, "0020,000e");
        HttpResponse<byte[]> frame = getBytes(
                "/dicomweb/studies/" + studyUid + "/series/" + jpegSeries + "/instances/" + jpegSop + "/frames/1",
                "multipart/related; type=\"image/jpeg\"",
                token);
        assertThat(frame.statusCode()).isEqualTo(200);
        byte[] frameBytes = multipartBodies(frame).getFirst();
        // img2dcm drops the JFIF segment, so the frame is compared with the fragment in the file that was sent
        assertThat(Arrays.copyOf(frameBytes, 2)).as("a JPEG stream").isEqualTo(new byte[] {(byte) 0xFF, (byte) 0xD8});
        assertThat(indexOf(Files.readAllBytes(jpegFile), frameBytes, 0))
                .as("the JPEG frame as sent, byte for byte")
                .isPositive();

        // a viewer served from another (loopback) origin: preflight, then series metadata with the bearer token
        String origin = "http://localhost:3000";
        HttpResponse<String> preflight = http.send(
                HttpRequest.newBuilder(URI.create(Platform.GATEWAY + "/dicomweb/studies/" + studyUid + "/series"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization,accept")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(origin);
        String series = dcmdump(jpegFile, "0020,000e");
        HttpResponse<String> metadata = http.send(
                HttpRequest.newBuilder(URI.create(
                                Platform.GATEWAY + "/dicomweb/studies/" + studyUid + "/series/" + series + "/metadata"))
                        .header("Origin", origin)
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/dicom+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(metadata.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
        JsonNode instanceMetadata = json.readTree(metadata.body()).get(0);
        assertThat(instanceMetadata.path("7FE00010").path("BulkDataURI").asString())
                .as("pixel data as a BulkDataURI the viewer can fetch through the gateway")
                .startsWith(Platform.GATEWAY + "/dicomweb/studies/" + studyUid);

        HttpResponse<String> anonymous = platform.get("/dicomweb/studies?PatientID=" + patientId, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> auditor =
                platform.get("/dicomweb/studies?PatientID=" + patientId, platform.token("dev-auditor"));
        assertThat(auditor.statusCode()).isEqualTo(403);
    }

    @Test
    void afterAnA40MergeOfStoredImagesQidoBySurvivingIdentifierFindsTheStudy() throws Exception {
        String survivor = "MRN-S-" + run;
        String retired = "MRN-R-" + run;
        assertAccepted(platform.sendHl7(adt("A01", "ADT_A01", "S1", survivor, "")));
        assertAccepted(platform.sendHl7(adt("A01", "ADT_A01", "R1", retired, "")));
        String studyUid = newUid();
        Path image = jpegInstance(Dcmtk.grayJpeg(32), retired, studyUid, "merge.dcm");
        Dcmtk.storescu("-xy", image);
        String token = platform.token("dev-radiologist");
        awaitSingleStudy("PatientID=" + retired, token);

        assertAccepted(platform.sendHl7(adt("A40", "ADT_A39", "M1", survivor, "MRG|" + retired + "^^^GENHOSP^MR\r")));

        JsonNode study = awaitSingleStudy("PatientID=" + survivor, token);
        assertThat(study.path("0020000D").path("Value").get(0).asString()).isEqualTo(studyUid);
        assertThat(study.path("00100020").path("Value").get(0).asString()).isEqualTo(survivor);
        assertThat(qido("PatientID=" + retired, token))
                .as("nothing left under the retired identifier")
                .isEmpty();
    }

    private static String newUid() {
        return "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    private JsonNode awaitSingleStudy(String query, String token) throws Exception {
        Instant deadline = Instant.now().plus(VISIBLE_WITHIN);
        List<JsonNode> found = qido(query, token);
        while (found.size() != 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            found = qido(query, token);
        }
        assertThat(found).as("studies for %s", query).hasSize(1);
        return found.getFirst();
    }

    private List<JsonNode> qido(String query, String token) throws Exception {
        int equals = query.indexOf('=');
        String encoded =
                query.substring(0, equals + 1) + URLEncoder.encode(query.substring(equals + 1), StandardCharsets.UTF_8);
        HttpResponse<String> response = platform.get("/dicomweb/studies?" + encoded, token);
        assertThat(response.statusCode()).as(response.body()).isIn(200, 204);
        if (response.statusCode() == 204 || response.body().isBlank()) {
            return List.of();
        }
        return json.readTree(response.body()).valueStream().toList();
    }

    private HttpResponse<byte[]> getBytes(String path, String accept, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(Platform.GATEWAY + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The bodies of a multipart/related response, split at its boundary. */
    private static List<byte[]> multipartBodies(HttpResponse<byte[]> response) {
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        String boundary = Arrays.stream(type.split(";"))
                .map(String::strip)
                .filter(parameter -> parameter.toLowerCase(Locale.ROOT).startsWith("boundary="))
                .map(parameter -> parameter.substring("boundary=".length()).replace("\"", ""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no boundary in " + type));
        byte[] body = response.body();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII), at + delimiter.length);
            if (headersEnd < 0 || next < 0) {
                break;
            }
            parts.add(Arrays.copyOfRange(body, headersEnd + 4, next));
            at = next + 2;
            if (body.length >= at + delimiter.length + 2
                    && body[at + delimiter.length] == '-'
                    && body[at + delimiter.length + 1] == '-') {
                break;
            }
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A Part 10 file's data set bytes: what follows the preamble, "DICM" and the File Meta Information group. */
    private static byte[] dataSet(byte[] file) {
        int groupLength =
                (file[140] & 0xFF) | (file[141] & 0xFF) << 8 | (file[142] & 0xFF) << 16 | (file[143] & 0xFF) << 24;
        return Arrays.copyOfRange(file, 144 + groupLength, file.length);
    }

    private Path jpegInstance(byte[] jpeg, String patientId, String studyUid, String name) throws Exception {
        return Dcmtk.jpegInstance(
                jpeg,
                files.resolve(name),
                "PatientID=" + patientId,
                // as the archive files it (standalone: GENHOSP), so retrieval needs no coercion and returns the bytes
                "IssuerOfPatientID=GENHOSP",
                "PatientName=ARCHIVE^TEST",
                "StudyInstanceUID=" + studyUid,
                "AccessionNumber=ACC-AR-" + run,
                "StudyDate=20261203");
    }

    private Path decompressed(Path jpegFile, String name) throws Exception {
        Path file = files.resolve(name);
        Dcmtk.run("dcmdjpeg", jpegFile.toString(), file.toString());
        return file;
    }

    private Path implicit(Path explicitFile, String name) throws Exception {
        Path file = files.resolve(name);
        Dcmtk.run("dcmconv", "+ti", explicitFile.toString(), file.toString());
        return file;
    }

    private String dcmdump(Path file, String tag) throws Exception {
        return Dcmtk.run("dcmdump", "+P", tag, "-s", file.toString())
                .replaceAll("(?s).*\\[([^\\]]*)\\].*", "$1")
                .strip();
    }

    private String adt(String trigger, String structure, String control, String mrn, String extra) {
        return "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RADIOLOGY|20261203090000||ADT^" + trigger + "^" + structure + "|"
                + control + "-AR-" + run + "|P|2.5.1\r"
                + "EVN|" + trigger + "|20261203090000\r"
                + "PID|1||" + mrn + "^^^GENHOSP^MR||ARCHIVE^MERGE||19700101|F\r"
                + extra
                + ("A40".equals(trigger) ? "" : "PV1|1|O|RAD^^^GENHOSP\r");
    }

    private static void assertAccepted(ca.uhn.hl7v2.model.Message ack) throws Exception {
        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
    }
}
