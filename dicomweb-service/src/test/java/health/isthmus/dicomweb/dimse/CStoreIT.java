package health.isthmus.dicomweb.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.io.DicomOutputStream;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicomweb.storage.BlobStore;
import health.isthmus.dicomweb.storage.StorageProperties;
import health.isthmus.dicomweb.testing.StoreScu;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.events.archive.ArchiveTopics;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/** DCMTK's storescu and our own SCU as modalities: C-STORE into the archive, then the index, the file and the events. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/cstore-it-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class CStoreIT {

    @Autowired
    DicomListener listener;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BlobStore blobs;

    @Autowired
    StorageProperties storage;

    @TempDir
    Path files;

    @Test
    void storescuStoresEachTransferSyntaxAsSentAndTheStoredFileHoldsTheSentDataSet() throws Exception {
        Study study = Study.of("MRN-CS-1", "DOE^JANE", "ACC-CS-1");
        List<Path> sent = new ArrayList<>();
        sent.add(TestInstances.write(
                files.resolve("explicit.dcm"),
                TestInstances.ct(study, Uids.create(), 1, 64, 10),
                Uid.ExplicitVRLittleEndian));
        sent.add(TestInstances.write(
                files.resolve("implicit.dcm"),
                TestInstances.ct(study, Uids.create(), 2, 64, 20),
                Uid.ImplicitVRLittleEndian));
        sent.add(TestInstances.write(
                files.resolve("jpeg.dcm"),
                TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 32, TestInstances.grayJpeg(32)),
                Uid.JPEGBaseline8Bit));

        for (Path file : sent) {
            // -xy proposes JPEG baseline first, -xi implicit VR only: each file travels in its own transfer syntax
            String output = file.endsWith("jpeg.dcm")
                    ? storescu("-xy", file.toString())
                    : file.endsWith("implicit.dcm") ? storescu("-xi", file.toString()) : storescu(file.toString());
            assertThat(output).doesNotContain("E:").doesNotContain("Failed");
        }

        for (Path file : sent) {
            Part10File original = Part10File.read(file);
            String sop = original.dataset().getString(Tag.SOPInstanceUID);
            var row = jdbc.sql("select transfer_syntax_uid, blob_key, sha256 from instance where sop_instance_uid = ?")
                    .param(sop)
                    .query()
                    .singleRow();
            assertThat(row.get("transfer_syntax_uid"))
                    .isEqualTo(original.transferSyntax().uid());
            byte[] stored;
            try (InputStream in = blobs.open((String) row.get("blob_key"))) {
                stored = in.readAllBytes();
            }
            assertThat(row.get("sha256")).isEqualTo(sha256(stored));
            Part10File storedFile = Part10File.read(
                    new ByteArrayInputStream(stored), stored.length, health.isthmus.dicom.io.ReadOptions.DEFAULT);
            assertThat(encoded(storedFile.dataset(), original.transferSyntax()))
                    .isEqualTo(encoded(original.dataset(), original.transferSyntax()));
            assertThat(storedFile.fileMetaInformation().getString(Tag.SourceApplicationEntityTitle))
                    .isEqualTo("STORESCU");
        }
        var studyRow = jdbc.sql("""
                        select number_of_series, number_of_instances, modalities_in_study::text as modalities, filing
                          from study where study_instance_uid = ?""").param(study.studyUid()).query().singleRow();
        assertThat(studyRow.get("number_of_series")).isEqualTo(2);
        assertThat(studyRow.get("number_of_instances")).isEqualTo(3);
        assertThat((String) studyRow.get("modalities")).contains("CT").contains("OT");
        assertThat(studyRow.get("filing")).isEqualTo("FILED");
    }

    @Test
    void aResendIsASuccessThatPublishesOnceAndOtherContentForTheSameUidIsRefusedWith0111() throws Exception {
        Study study = Study.of("MRN-CS-2", "ROE^RICHARD", "ACC-CS-2");
        String sop = Uids.create();
        Attributes first = TestInstances.ct(study, sop, 1, 32, 1);
        Attributes other = TestInstances.ct(study.nextSeries(), sop, 1, 32, 999);
        try (TopicReader topic = new TopicReader(ArchiveTopics.STUDY);
                StoreScu modality = new StoreScu("CT01", listener.port(), listener.aeTitle())) {
            assertThat(modality.store(first).code()).isEqualTo(Status.SUCCESS);
            assertThat(modality.store(first).code()).isEqualTo(Status.SUCCESS);
            DimseStatus conflict = modality.store(other);
            assertThat(conflict.code()).isEqualTo(Status.DUPLICATE_SOP_INSTANCE);
            assertThat(conflict.errorComment()).contains("other content");

            var stored = topic.await(
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(sop), 2, Duration.ofSeconds(10));
            assertThat(stored).hasSize(1);
            assertThat(stored.getFirst().key()).isEqualTo(study.studyUid());
        }
        assertThat(jdbc.sql("select count(*) from instance where sop_instance_uid = ?")
                        .param(sop)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select series_instance_uid from series s join instance i using (series_pk)"
                                + " where i.sop_instance_uid = ?")
                        .param(sop)
                        .query(String.class)
                        .single())
                .as("the first copy stays served")
                .isEqualTo(study.seriesUid());
        assertThat(jdbc.sql("select outcome from instance_conflict where sop_instance_uid = ?")
                        .param(sop)
                        .query(String.class)
                        .list())
                .containsExactly("REFUSED");
    }

    @Test
    void instancesOfOneStudyOverFourAssociationsAtOnceAreAllCountedInTheirSeriesAndStudy() throws Exception {
        Study study = Study.of("MRN-CS-4", "LOE^LINDA", "ACC-CS-4");
        List<Study> series = List.of(study, study.nextSeries(), study.nextSeries());
        int associations = 4;
        int perAssociation = 12;
        ExecutorService modalities = Executors.newFixedThreadPool(associations);
        try {
            List<Future<List<Integer>>> sent = new ArrayList<>();
            for (int a = 0; a < associations; a++) {
                int association = a;
                sent.add(modalities.submit(() -> {
                    List<Integer> codes = new ArrayList<>();
                    try (StoreScu modality = new StoreScu("CT0" + association, listener.port(), listener.aeTitle())) {
                        for (int i = 0; i < perAssociation; i++) {
                            // each association's instances go to every series, so first instances of a series race
                            Study target = series.get(i % series.size());
                            int number = association * perAssociation + i + 1;
                            codes.add(modality.store(TestInstances.ct(target, Uids.create(), number, 16, number))
                                    .code());
                        }
                    }
                    return codes;
                }));
            }
            for (Future<List<Integer>> codes : sent) {
                assertThat(codes.get(60, TimeUnit.SECONDS)).containsOnly(Status.SUCCESS);
            }
        } finally {
            modalities.shutdownNow();
        }
        var studyRow = jdbc.sql("select study_pk, number_of_series, number_of_instances from study"
                        + " where study_instance_uid = ?")
                .param(study.studyUid())
                .query()
                .singleRow();
        assertThat(studyRow.get("number_of_instances")).isEqualTo(associations * perAssociation);
        assertThat(studyRow.get("number_of_series")).isEqualTo(series.size());
        assertThat(jdbc.sql("""
                        select count(*) from series se
                         where se.study_pk = ?
                           and se.number_of_instances = (select count(*) from instance i where i.series_pk = se.series_pk)
                           and se.number_of_instances = ?
                        """)
                        .param(studyRow.get("study_pk"))
                        .param(associations * perAssociation / series.size())
                        .query(Integer.class)
                        .single())
                .as("every series counts exactly its own instances")
                .isEqualTo(series.size());
    }

    @Test
    void aDataSetWithoutStudyInstanceUidIsRefusedWithA900AndLeavesNothing() throws Exception {
        Study study = Study.of("MRN-CS-3", "POE^EDGAR", "ACC-CS-3");
        String sop = Uids.create();
        Attributes broken = TestInstances.ct(study, sop, 1, 16, 1);
        broken.remove(Tag.StudyInstanceUID);
        long blobsBefore = blobCount();
        try (StoreScu modality = new StoreScu("CT01", listener.port(), listener.aeTitle())) {
            DimseStatus status = modality.store(broken);
            assertThat(status.code()).isEqualTo(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS);
            assertThat(status.errorComment()).contains("Study Instance UID");
        }
        assertThat(jdbc.sql("select count(*) from instance where sop_instance_uid = ?")
                        .param(sop)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(blobCount()).isEqualTo(blobsBefore);
    }

    private long blobCount() throws IOException {
        try (var walk = Files.walk(storage.root().resolve("blobs"))) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private String storescu(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "STORESCU", "-aec", listener.aeTitle()));
        command.addAll(List.of(arguments).subList(0, arguments.length - 1));
        command.add("127.0.0.1");
        command.add(Integer.toString(listener.port()));
        command.add(arguments[arguments.length - 1]);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static byte[] encoded(Attributes dataset, TransferSyntax syntax) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (DicomOutputStream dicom = new DicomOutputStream(out)) {
            dicom.writeDataset(dataset, syntax);
        }
        return out.toByteArray();
    }
}
