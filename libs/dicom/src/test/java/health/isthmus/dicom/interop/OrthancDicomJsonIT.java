package health.isthmus.dicom.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.io.Part10Writer;
import health.isthmus.dicom.json.BulkDataUris;
import health.isthmus.dicom.json.DicomJsonWriter;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DICOM JSON we write for a set of files matches, attribute for attribute, what Orthanc's DICOMweb plugin returns
 * for the same files. Known, documented difference: BulkDataURI values name each server's own endpoint, so only
 * their presence is compared (Orthanc gives every binary value a BulkDataURI; our writer does so when asked, as here).
 */
class OrthancDicomJsonIT {

    private static final Path WORK = Path.of("target", "orthanc-it").toAbsolutePath();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Process orthanc;
    private static int httpPort;

    @BeforeAll
    static void startOrthanc() throws Exception {
        assumeTrue(
                Processes.onPath("Orthanc")
                        && Files.exists(Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so")),
                "Orthanc with its DICOMweb plugin is not installed: apt-get install orthanc orthanc-dicomweb");
        Path storage = WORK.resolve("storage-" + System.nanoTime());
        Files.createDirectories(storage);
        httpPort = LoopbackPorts.free();
        int dicomPort = LoopbackPorts.free();
        Path config = WORK.resolve("orthanc.json");
        Files.writeString(config, """
                {
                  "Name": "isthmus-json-it",
                  "StorageDirectory": "%s",
                  "IndexDirectory": "%s",
                  "HttpPort": %d,
                  "DicomPort": %d,
                  "DicomServerEnabled": false,
                  "RemoteAccessAllowed": false,
                  "AuthenticationEnabled": false,
                  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"],
                  "DicomWeb": {"Enable": true, "Root": "/dicom-web/"}
                }
                """.formatted(storage, storage, httpPort, dicomPort));
        orthanc = new ProcessBuilder("Orthanc", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve("orthanc.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (get("/system").statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !orthanc.isAlive()) {
                throw new IllegalStateException("Orthanc did not start; see " + WORK.resolve("orthanc.log"));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopOrthanc() throws InterruptedException {
        if (orthanc != null) {
            orthanc.destroy();
            if (!orthanc.waitFor(15, TimeUnit.SECONDS)) {
                orthanc.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(20))
                .build());
    }

    private static void upload(Path file) throws IOException, InterruptedException {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/instances"))
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofFile(file))
                        .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /**
     * Sends, once more after an I/O failure: Orthanc closes idle keep-alive connections, and a request sent on one
     * just closed fails with "received no bytes" although Orthanc is fine (seen in CI). Reads and uploads of the same
     * file may be repeated.
     */
    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closedUnderUs) {
            Thread.sleep(100);
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    static List<Attributes> datasets() {
        List<Attributes> datasets = new ArrayList<>();
        datasets.add(DcmtkInteropIT.richDataset("1.2.826.0.1.3680043.2.1125.90.1"));

        Attributes latin = base("1.2.826.0.1.3680043.2.1125.90.2", Uid.CTImageStorage);
        latin.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        latin.setString(Tag.PatientName, VR.PN, "Müller^Jörg^^Dr.");
        latin.setString(Tag.StudyDescription, VR.LO, "Thorax/Abdomen mit KM");
        latin.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        latin.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        latin.setString(Tag.RescaleSlope, VR.DS, "1");
        latin.setString(Tag.WindowCenter, VR.DS, "40", "400");
        latin.setInt(Tag.Rows, VR.US, 64);
        latin.setInt(Tag.Columns, VR.US, 64);
        latin.setInt(Tag.BitsAllocated, VR.US, 16);
        latin.setBytes(Tag.PixelData, VR.OW, new byte[64 * 64 * 2]);
        datasets.add(latin);

        Attributes japanese = base("1.2.826.0.1.3680043.2.1125.90.3", Uid.SecondaryCaptureImageStorage);
        japanese.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 87");
        japanese.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        datasets.add(japanese);

        Attributes jpeg = base("1.2.826.0.1.3680043.2.1125.90.4", Uid.SecondaryCaptureImageStorage);
        jpeg.setInt(Tag.Rows, VR.US, 8);
        jpeg.setInt(Tag.Columns, VR.US, 8);
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        jpeg.setFragments(Tag.PixelData, fragments);
        datasets.add(jpeg);
        return datasets;
    }

    private static Attributes base(String sopInstanceUid, String sopClassUid) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, sopClassUid);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        ds.setString(Tag.StudyInstanceUID, VR.UI, sopInstanceUid + ".1");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, sopInstanceUid + ".1.1");
        ds.setString(Tag.PatientID, VR.LO, "JSON-IT");
        ds.setString(Tag.Modality, VR.CS, "OT");
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        return ds;
    }

    @Test
    void ourDicomJsonMatchesOrthancsForTheSameFiles() throws Exception {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Attributes dataset : datasets()) {
            String sopInstance = dataset.getString(Tag.SOPInstanceUID);
            String ts = dataset.getFragments(Tag.PixelData) != null ? Uid.JPEGBaseline8Bit : Uid.ExplicitVRLittleEndian;
            Path file = WORK.resolve(sopInstance + ".dcm");
            Part10Writer.write(file, FileMetaInformation.createFor(dataset, ts), dataset);
            upload(file);

            Attributes read = Part10File.read(file).dataset();
            String ours = new DicomJsonWriter(everyBinaryAsBulkData(read)).toJson(read);
            HttpResponse<String> theirs = get("/dicom-web/studies/" + read.getString(Tag.StudyInstanceUID) + "/series/"
                    + read.getString(Tag.SeriesInstanceUID) + "/instances/" + sopInstance + "/metadata");
            assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(200);

            List<?> orthancArray = (List<?>) JsonTree.parse(theirs.body());
            compare(sopInstance, (Map<?, ?>) JsonTree.parse(ours), (Map<?, ?>) orthancArray.getFirst(), differences);
            compared++;
        }
        assertThat(compared).isEqualTo(4);
        List<String> where = differences.stream()
                .map(d -> d.substring(0, d.indexOf(' ', d.indexOf(' ') + 1)))
                .toList();
        assertThat(where)
                .as("attributes where our DICOM JSON differs from Orthanc's: %s", differences)
                .containsExactlyInAnyOrderElementsOf(KNOWN_DIFFERENCES.keySet());
    }

    /**
     * Where Orthanc 1.10 with DICOMweb plugin 1.7 deviates from PS3.18 and we do not (also in the README); everything
     * else in every file matches attribute for attribute.
     */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "1.2.826.0.1.3680043.2.1125.90.1 00081032",
            "Orthanc drops an empty sequence item; we write it as {}",
            "1.2.826.0.1.3680043.2.1125.90.1 001021B0",
            "Orthanc splits LT at backslashes; LT is single-valued and backslash is an ordinary character",
            "1.2.826.0.1.3680043.2.1125.90.3 00080005",
            "Orthanc drops the empty first value of Specific Character Set; we write it as null",
            "1.2.826.0.1.3680043.2.1125.90.4 7FE00010",
            "Orthanc leaves encapsulated Pixel Data out of the metadata; we give it a BulkDataURI");

    private static BulkDataUris everyBinaryAsBulkData(Attributes dataset) {
        String base = "/studies/" + dataset.getString(Tag.StudyInstanceUID) + "/bulk/";
        return (owner, tag, vr, value) -> base + Tags.toHex(tag);
    }

    private static void compare(String where, Map<?, ?> ours, Map<?, ?> theirs, List<String> differences) {
        TreeSet<String> tags = new TreeSet<>();
        ours.keySet().forEach(k -> tags.add((String) k));
        theirs.keySet().forEach(k -> tags.add((String) k));
        for (String tag : tags) {
            String at = where + " " + tag;
            Map<?, ?> a = (Map<?, ?>) ours.get(tag);
            Map<?, ?> b = (Map<?, ?>) theirs.get(tag);
            if (a == null || b == null) {
                differences.add(at + (a == null ? " only in Orthanc's: " + b : " only in ours: " + a));
                continue;
            }
            if (!a.get("vr").equals(b.get("vr"))) {
                differences.add(at + " vr " + a.get("vr") + " vs " + b.get("vr"));
            }
            if (a.containsKey("BulkDataURI") != b.containsKey("BulkDataURI")
                    || a.containsKey("InlineBinary") != b.containsKey("InlineBinary")) {
                differences.add(at + " binary form " + a.keySet() + " vs " + b.keySet());
                continue;
            }
            Object va = a.get("Value");
            Object vb = b.get("Value");
            if (va == null || vb == null) {
                if (va != vb) {
                    differences.add(at + " Value " + va + " vs " + vb);
                }
                continue;
            }
            List<?> la = (List<?>) va;
            List<?> lb = (List<?>) vb;
            if (la.size() != lb.size()) {
                differences.add(at + " " + la.size() + " values vs " + lb.size() + ": " + la + " vs " + lb);
                continue;
            }
            for (int i = 0; i < la.size(); i++) {
                Object x = la.get(i);
                Object y = lb.get(i);
                if (x instanceof Map<?, ?> mx && y instanceof Map<?, ?> my && "SQ".equals(a.get("vr"))) {
                    compare(at + "[" + i + "]", mx, my, differences);
                } else if (x instanceof BigDecimal dx && y instanceof BigDecimal dy) {
                    double tolerance = Math.abs(dy.doubleValue()) * 1e-6;
                    if (Math.abs(dx.doubleValue() - dy.doubleValue()) > tolerance) {
                        differences.add(at + " value " + x + " vs " + y);
                    }
                } else if (!x.equals(y)) {
                    differences.add(at + " value " + x + " vs " + y);
                }
            }
        }
    }
}
