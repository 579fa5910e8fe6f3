package health.isthmus.dicomweb.wado;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicom.json.DicomJsonReader;
import health.isthmus.dicomweb.ingest.IngestOutcome;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/** WADO-RS against the running service: instances stored through ingest, read back over HTTP with tokens. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/wado-it-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class WadoIT {

    static final String DICOM = "multipart/related; type=\"application/dicom\"";
    static final String EXPLICIT = Uid.ExplicitVRLittleEndian;

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    final String clinician = TestIssuer.get().token("dr-clinician", "clinician");
    final String admin = TestIssuer.get().token("the-admin", "admin");

    /** A stored instance: its file as sent and its UIDs. */
    record Stored(byte[] file, Attributes dataset) {
        String study() {
            return dataset.getString(Tag.StudyInstanceUID);
        }

        String series() {
            return dataset.getString(Tag.SeriesInstanceUID);
        }

        String sop() {
            return dataset.getString(Tag.SOPInstanceUID);
        }

        String path() {
            return "/dicomweb/studies/" + study() + "/series/" + series() + "/instances/" + sop();
        }
    }

    Stored store(Attributes dataset, String transferSyntax) throws IOException {
        byte[] file = TestInstances.part10(dataset, transferSyntax);
        IngestOutcome outcome =
                ingest.storeFile(IngestSource.stow("wado-it", "127.0.0.1"), new ByteArrayInputStream(file));
        assertThat(outcome.status()).as(String.valueOf(outcome.reason())).isZero();
        return new Stored(file, dataset);
    }

    @Test
    void eachInstanceIsRetrievedAsTheStoredFileAndTheStudyInOneMultipartResponse() throws Exception {
        Study study = Study.of("MRN-W-1", "DOE^JANE", "ACC-W-1");
        Stored explicit = store(TestInstances.ct(study, Uids.create(), 1, 64, 10), EXPLICIT);
        Stored implicit = store(TestInstances.ct(study, Uids.create(), 2, 64, 20), Uid.ImplicitVRLittleEndian);
        Stored jpeg = store(
                TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 32, TestInstances.grayJpeg(32)),
                Uid.JPEGBaseline8Bit);

        for (Stored stored : List.of(explicit, implicit, jpeg)) {
            HttpResponse<byte[]> response = get(stored.path(), clinician, DICOM);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("multipart/related; type=\"application/dicom\"");
            MultipartBody body = multipart(response);
            assertThat(body.parts()).hasSize(1);
            assertThat(body.parts().getFirst().body()).isEqualTo(stored.file());
        }

        HttpResponse<byte[]> whole = get("/dicomweb/studies/" + study.studyUid(), clinician, "*/*");
        assertThat(whole.statusCode()).isEqualTo(200);
        List<byte[]> parts =
                multipart(whole).parts().stream().map(MultipartBody.Part::body).toList();
        assertThat(parts).hasSize(3);
        assertThat(parts).anySatisfy(p -> assertThat(p).isEqualTo(explicit.file()));
        assertThat(parts).anySatisfy(p -> assertThat(p).isEqualTo(implicit.file()));
        assertThat(parts).anySatisfy(p -> assertThat(p).isEqualTo(jpeg.file()));

        assertThat(jdbc.sql("""
                        select count(*) from outbox_event where topic = 'audit.record.v1'
                           and payload like ? and payload like '%110103%' and payload like '%download%'""")
                        .param("%" + study.studyUid() + "%")
                        .query(Integer.class)
                        .single())
                .as("one audit record per retrieval")
                .isEqualTo(4);
    }

    @Test
    void nativeInstancesAreTranscodedToExplicitLittleEndianAndCompressedOnesAreRefusedWith406() throws Exception {
        Study study = Study.of("MRN-W-2", "ROE^RICHARD", "ACC-W-2");
        Attributes ct = TestInstances.ct(study, Uids.create(), 1, 64, 30);
        Stored implicit = store(ct, Uid.ImplicitVRLittleEndian);
        Stored jpeg = store(
                TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 32, TestInstances.grayJpeg(32)),
                Uid.JPEGBaseline8Bit);

        HttpResponse<byte[]> transcoded = get(implicit.path(), clinician, DICOM + "; transfer-syntax=" + EXPLICIT);
        assertThat(transcoded.statusCode()).isEqualTo(200);
        MultipartBody.Part part = multipart(transcoded).parts().getFirst();
        assertThat(part.contentType()).contains("transfer-syntax=" + EXPLICIT);
        Part10File file =
                Part10File.read(new ByteArrayInputStream(part.body()), part.body().length, ReadOptions.DEFAULT);
        assertThat(file.transferSyntax().uid()).isEqualTo(EXPLICIT);
        assertThat(file.dataset().getBytes(Tag.PixelData)).isEqualTo(ct.getBytes(Tag.PixelData));
        assertThat(file.dataset().getString(Tag.PatientID)).isEqualTo("MRN-W-2");

        HttpResponse<byte[]> refused = get(jpeg.path(), clinician, DICOM + "; transfer-syntax=" + EXPLICIT);
        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).doesNotContain("Exception");

        HttpResponse<byte[]> fallback = get(
                jpeg.path(),
                clinician,
                DICOM + "; transfer-syntax=" + EXPLICIT + ", " + DICOM + "; transfer-syntax=*; q=0.5");
        assertThat(fallback.statusCode()).isEqualTo(200);
        assertThat(multipart(fallback).parts().getFirst().body()).isEqualTo(jpeg.file());

        assertThat(get(implicit.path(), clinician, "application/xml").statusCode())
                .isEqualTo(406);
    }

    @Test
    void patientAttributesFollowTheStudyRowAndTheOriginalIsForAdminsOnly() throws Exception {
        Study study = Study.of("MRN-OLD", "OLD^NAME", "ACC-W-3");
        Attributes ct = TestInstances.ct(study, Uids.create(), 1, 32, 40);
        Stored stored = store(ct, EXPLICIT);
        String before = get(stored.path() + "/metadata", clinician, "application/dicom+json")
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        // an MPI merge files the study under the surviving patient
        jdbc.sql("""
                        update study set patient_id = 'MRN-NEW', patient_name = 'NEW^NAME', updated_at = now()
                         where study_instance_uid = ?""").param(study.studyUid()).update();

        HttpResponse<byte[]> coerced = get(stored.path(), clinician, DICOM);
        Part10File file = part10(multipart(coerced).parts().getFirst().body());
        assertThat(file.dataset().getString(Tag.PatientID)).isEqualTo("MRN-NEW");
        assertThat(file.dataset().getString(Tag.PatientName)).isEqualTo("NEW^NAME");
        assertThat(file.dataset().getString(Tag.PatientBirthDate)).isEqualTo("19800214");
        assertThat(file.dataset().getBytes(Tag.PixelData)).isEqualTo(ct.getBytes(Tag.PixelData));

        HttpResponse<byte[]> metadata = get(stored.path() + "/metadata", clinician, "application/dicom+json");
        Attributes json = new DicomJsonReader()
                .readArray(new ByteArrayInputStream(metadata.body()))
                .getFirst();
        assertThat(json.getString(Tag.PatientID)).isEqualTo("MRN-NEW");
        assertThat(json.getString(Tag.PatientName)).isEqualTo("NEW^NAME");
        assertThat(metadata.headers().firstValue("ETag").orElseThrow())
                .as("the merge changes the validator")
                .isNotEqualTo(before);

        assertThat(get(stored.path() + "?original=true", clinician, DICOM).statusCode())
                .isEqualTo(403);
        assertThat(get(stored.path() + "/metadata?original=true", clinician, "application/dicom+json")
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<byte[]> original = get(stored.path() + "?original=true", admin, DICOM);
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(multipart(original).parts().getFirst().body()).isEqualTo(stored.file());
        HttpResponse<byte[]> originalMetadata =
                get(stored.path() + "/metadata?original=true", admin, "application/dicom+json");
        assertThat(new DicomJsonReader()
                        .readArray(new ByteArrayInputStream(originalMetadata.body()))
                        .getFirst()
                        .getString(Tag.PatientID))
                .isEqualTo("MRN-OLD");
    }

    @Test
    void metadataNamesAbsoluteBulkDataUrisThatResolveToTheValues() throws Exception {
        Study study = Study.of("MRN-W-4", "POE^EDGAR", "ACC-W-4");
        Attributes ct = TestInstances.ct(study, Uids.create(), 1, 64, 50);
        byte[] privateBlob = new byte[3000];
        for (int i = 0; i < privateBlob.length; i++) {
            privateBlob[i] = (byte) (i * 7);
        }
        ct.setString(0x00090010, VR.LO, "ISTHMUS TEST");
        ct.setBytes(0x00091001, VR.OB, privateBlob);
        Stored stored = store(ct, EXPLICIT);
        Stored second = store(TestInstances.ct(study, Uids.create(), 2, 64, 60), Uid.ImplicitVRLittleEndian);

        HttpResponse<byte[]> response = get(
                "/dicomweb/studies/" + study.studyUid() + "/series/" + study.seriesUid() + "/metadata",
                clinician,
                "application/dicom+json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/dicom+json");
        List<Attributes> datasets = new DicomJsonReader().readArray(new ByteArrayInputStream(response.body()));
        assertThat(datasets).hasSize(2);
        String json = new String(response.body(), StandardCharsets.UTF_8);
        String pixelUri = base() + stored.path() + "/bulkdata/7FE00010";
        assertThat(json).contains("\"" + pixelUri + "\"");
        assertThat(json).contains("\"" + base() + second.path() + "/bulkdata/7FE00010\"");

        HttpResponse<byte[]> pixels = getAbsolute(pixelUri, clinician, "application/octet-stream");
        assertThat(pixels.statusCode()).isEqualTo(200);
        assertThat(pixels.body()).isEqualTo(ct.getBytes(Tag.PixelData));

        String privateUri = datasets.stream()
                .filter(d -> stored.sop().equals(d.getString(Tag.SOPInstanceUID)))
                .findFirst()
                .orElseThrow()
                .getBulkData(0x00091001)
                .uri();
        assertThat(privateUri).startsWith(base() + stored.path() + "/bulkdata/");
        HttpResponse<byte[]> privateValue = getAbsolute(privateUri, clinician, "*/*");
        assertThat(privateValue.body()).isEqualTo(privateBlob);
        HttpResponse<byte[]> asMultipart =
                getAbsolute(privateUri, clinician, "multipart/related; type=\"application/octet-stream\"");
        assertThat(multipart(asMultipart).parts().getFirst().body()).isEqualTo(privateBlob);

        assertThat(get(stored.path() + "/bulkdata/132-200", clinician, "*/*").statusCode())
                .as("a byte range that is no recorded bulk value")
                .isEqualTo(404);

        HttpResponse<byte[]> forwarded = http.send(
                request(stored.path() + "/metadata", clinician, "application/dicom+json")
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "pacs.example.org")
                        .header("X-Forwarded-Prefix", "/gateway")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new String(forwarded.body(), StandardCharsets.UTF_8))
                .contains("\"https://pacs.example.org/gateway" + stored.path() + "/bulkdata/7FE00010\"");

        HttpResponse<byte[]> gzipped = http.send(
                request(
                                "/dicomweb/studies/" + study.studyUid() + "/series/" + study.seriesUid() + "/metadata",
                                clinician,
                                "application/dicom+json")
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes())
                .isEqualTo(response.body());
    }

    @Test
    void framesAreTheJpegSentAndTheNativeFramesCutFromThePixelData() throws Exception {
        Study study = Study.of("MRN-W-5", "DOE^JOHN", "ACC-W-5");
        byte[] jpegBytes = TestInstances.grayJpeg(32);
        Stored jpeg = store(
                TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 32, jpegBytes),
                Uid.JPEGBaseline8Bit);
        HttpResponse<byte[]> frame =
                get(jpeg.path() + "/frames/1", clinician, "multipart/related; type=\"image/jpeg\"");
        assertThat(frame.statusCode()).isEqualTo(200);
        MultipartBody.Part part = multipart(frame).parts().getFirst();
        assertThat(part.contentType()).isEqualTo("image/jpeg; transfer-syntax=" + Uid.JPEGBaseline8Bit);
        byte[] sent = jpegBytes.length % 2 == 0 ? jpegBytes : Arrays.copyOf(jpegBytes, jpegBytes.length + 1);
        assertThat(part.body()).isEqualTo(sent);
        HttpResponse<byte[]> beyond = get(jpeg.path() + "/frames/2", clinician, "*/*");
        assertThat(beyond.statusCode()).isEqualTo(404);
        assertThat(beyond.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");

        // a native multi-frame image: three 16x16 frames of 16 bits
        Attributes multiFrame = TestInstances.ct(study, Uids.create(), 3, 16, 0);
        byte[] pixels = new byte[3 * 16 * 16 * 2];
        for (int i = 0; i < pixels.length / 2; i++) {
            pixels[2 * i] = (byte) i;
            pixels[2 * i + 1] = (byte) (i >> 8);
        }
        multiFrame.setBytes(Tag.PixelData, VR.OW, pixels);
        multiFrame.setString(Tag.NumberOfFrames, VR.IS, "3");
        Stored nativeFrames = store(multiFrame, Uid.ImplicitVRLittleEndian);
        HttpResponse<byte[]> frames = get(
                nativeFrames.path() + "/frames/3,1", clinician, "multipart/related; type=\"application/octet-stream\"");
        assertThat(frames.statusCode()).isEqualTo(200);
        List<MultipartBody.Part> parts = multipart(frames).parts();
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).body()).isEqualTo(Arrays.copyOfRange(pixels, 1024, 1536));
        assertThat(parts.get(1).body()).isEqualTo(Arrays.copyOfRange(pixels, 0, 512));
        assertThat(parts.get(0).contentType()).isEqualTo("application/octet-stream; transfer-syntax=" + EXPLICIT);
        assertThat(get(nativeFrames.path() + "/frames/4", clinician, "*/*").statusCode())
                .isEqualTo(404);
    }

    @Test
    void bigEndianAndDeflatedInstancesAreTranscodedAndTheirFramesAreLittleEndian() throws Exception {
        Study study = Study.of("MRN-W-8", "DOE^JILL", "ACC-W-8");
        for (String syntax : List.of(Uid.ExplicitVRBigEndian, Uid.DeflatedExplicitVRLittleEndian)) {
            Attributes ct = TestInstances.ct(study, Uids.create(), 1, 32, 80);
            Stored stored = store(ct, syntax);
            byte[] ramp = ct.getBytes(Tag.PixelData);

            assertThat(multipart(get(stored.path(), clinician, DICOM))
                            .parts()
                            .getFirst()
                            .body())
                    .as("as stored in " + syntax)
                    .isEqualTo(stored.file());
            Part10File transcoded =
                    part10(multipart(get(stored.path(), clinician, DICOM + "; transfer-syntax=" + EXPLICIT))
                            .parts()
                            .getFirst()
                            .body());
            assertThat(transcoded.transferSyntax().uid()).isEqualTo(EXPLICIT);
            assertThat(transcoded.dataset().getBytes(Tag.PixelData)).as(syntax).isEqualTo(ramp);

            HttpResponse<byte[]> frame = get(stored.path() + "/frames/1", clinician, "*/*");
            assertThat(multipart(frame).parts().getFirst().body()).as(syntax).isEqualTo(ramp);
            assertThat(get(stored.path() + "/bulkdata/7FE00010", clinician, "*/*")
                            .body())
                    .as(syntax)
                    .isEqualTo(ramp);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(
                    get(stored.path() + "/rendered", clinician, "image/png").body()));
            assertThat(image.getWidth()).isEqualTo(32);
        }
    }

    @Test
    void renderedAndThumbnailAreDecodableImagesOfTheAskedSize() throws Exception {
        Study study = Study.of("MRN-W-6", "DOE^JUNE", "ACC-W-6");
        Stored ct = store(TestInstances.ct(study, Uids.create(), 1, 64, 70), EXPLICIT);
        Stored jpeg = store(
                TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 32, TestInstances.grayJpeg(32)),
                Uid.JPEGBaseline8Bit);

        HttpResponse<byte[]> rendered = get(ct.path() + "/rendered", clinician, "image/jpeg");
        assertThat(rendered.headers().firstValue("Content-Type")).contains("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(rendered.body()));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(64);

        HttpResponse<byte[]> png = get(ct.path() + "/rendered?window=0,1", clinician, "image/png");
        assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
        BufferedImage white = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(white.getRaster().getSample(5, 5, 0))
                .as("every value lies above the window")
                .isEqualTo(255);
        BufferedImage windowed = ImageIO.read(new ByteArrayInputStream(
                get(ct.path() + "/rendered", clinician, "image/png").body()));
        assertThat(windowed.getRaster().getSample(0, 0, 0))
                .as("the instance's window maps the ramp's start near black")
                .isLessThan(20);

        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(
                get(ct.path() + "/thumbnail", clinician, "*/*").body()));
        assertThat(thumbnail.getWidth()).isEqualTo(128);
        BufferedImage small = ImageIO.read(
                new ByteArrayInputStream(get(ct.path() + "/thumbnail?viewport=32,16", clinician, "image/jpeg")
                        .body()));
        assertThat(small.getWidth()).isEqualTo(16);
        assertThat(small.getHeight()).isEqualTo(16);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(
                get(jpeg.path() + "/rendered", clinician, "image/png").body()));
        assertThat(decoded.getWidth()).isEqualTo(32);

        assertThat(get(ct.path() + "/rendered", clinician, "image/gif").statusCode())
                .isEqualTo(406);
    }

    @Test
    void missingThingsAre404AndValidatorsGive304AndTokensAreRequired() throws Exception {
        Study study = Study.of("MRN-W-7", "DOE^JIM", "ACC-W-7");
        Stored stored = store(TestInstances.ct(study, Uids.create(), 1, 16, 1), EXPLICIT);

        assertThat(get("/dicomweb/studies/" + Uids.create(), clinician, DICOM).statusCode())
                .isEqualTo(404);
        HttpResponse<byte[]> missing = get(
                "/dicomweb/studies/" + study.studyUid() + "/series/" + study.seriesUid() + "/instances/"
                        + Uids.create(),
                clinician,
                DICOM);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("\"status\":404");

        HttpResponse<byte[]> first = get(stored.path(), clinician, DICOM);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = http.send(
                request(stored.path(), clinician, DICOM)
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<byte[]> other = http.send(
                request(stored.path(), clinician, DICOM)
                        .header("If-None-Match", "\"other\"")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(other.statusCode()).isEqualTo(200);

        assertThat(get(stored.path(), null, DICOM).statusCode()).isEqualTo(401);
        assertThat(get(stored.path(), TestIssuer.get().token("an-auditor", "auditor"), DICOM)
                        .statusCode())
                .as("auditors read the audit trail, not images")
                .isEqualTo(403);
        assertThat(get(stored.path() + "/metadata", null, "application/dicom+json")
                        .statusCode())
                .isEqualTo(401);

        jdbc.sql("update study set filing = 'HELD', held_reason = 'test' where study_instance_uid = ?")
                .param(study.studyUid())
                .update();
        assertThat(get(stored.path(), clinician, DICOM).statusCode()).isEqualTo(404);
        assertThat(get(stored.path(), admin, DICOM).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- helpers

    String base() {
        return "http://localhost:" + port;
    }

    HttpRequest.Builder request(String path, String token, String accept) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", accept);
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpResponse<byte[]> get(String path, String token, String accept) throws IOException, InterruptedException {
        return http.send(request(path, token, accept).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> getAbsolute(String uri, String token, String accept) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .header("Accept", accept)
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static MultipartBody multipart(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return MultipartBody.parse(response.headers().firstValue("Content-Type").orElseThrow(), response.body());
    }

    static Part10File part10(byte[] bytes) throws IOException {
        return Part10File.read(new ByteArrayInputStream(bytes), bytes.length, ReadOptions.DEFAULT);
    }
}
