package health.isthmus.dicomweb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicomweb.storage.FilesystemBlobStore;
import health.isthmus.dicomweb.testing.ArchiveProcess;
import health.isthmus.dicomweb.testing.StoreScu;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.postgres.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * RELIABILITY T8: 500 C-STOREs while dicomweb-service is SIGKILLed right after responses, 5 times, with a second
 * modality storing when the kill lands. Every instance answered 0000 is then in the index, its file re-reads with the
 * same UIDs and data set, and its digest matches the index.
 */
class ArchiveSurvivesKillsIT {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 100;

    @Test
    void everyInstanceAnsweredSuccessSurvivesTheKillThatFollowsItsResponse() throws Exception {
        Map<String, byte[]> answeredSuccess = new ConcurrentHashMap<>();
        int refusedOrCut = 0;
        try (ArchiveProcess archive = ArchiveProcess.start(ArchiveSurvivesKillsIT.class)) {
            for (int round = 0; round < ROUNDS; round++) {
                if (round > 0) {
                    archive.restart();
                }
                Study study = Study.of("MRN-T8-" + round, "KILL^ROUND", "ACC-T8-" + round);
                AtomicBoolean stop = new AtomicBoolean();
                Thread second = Thread.ofPlatform()
                        .start(() -> sendUntilCut(archive, study.nextSeries(), stop, answeredSuccess));
                try (StoreScu modality = new StoreScu("CT01", archive.dicomPort(), "ISTHMUS_PACS")) {
                    for (int i = 0; i < PER_ROUND; i++) {
                        Attributes instance = TestInstances.ct(study, Uids.create(), i + 1, 128, round * 1000 + i);
                        DimseStatus status = modality.store(instance);
                        if (status.code() == Status.SUCCESS) {
                            answeredSuccess.put(instance.getString(Tag.SOPInstanceUID), StoreScu.encode(instance));
                        } else {
                            refusedOrCut++;
                        }
                    }
                    archive.kill();
                    modality.abort();
                }
                stop.set(true);
                second.join(30_000);
            }
            archive.restart();

            System.out.printf(
                    "T8: %d instances answered 0000 across %d kills, %d not answered 0000%n",
                    answeredSuccess.size(), ROUNDS, refusedOrCut);
            assertThat(answeredSuccess.size()).isGreaterThanOrEqualTo(ROUNDS * PER_ROUND);
            JdbcClient jdbc = JdbcClient.create(TestPostgres.dataSource());
            FilesystemBlobStore blobs = new FilesystemBlobStore(archive.storageRoot(), false);
            for (Map.Entry<String, byte[]> answered : answeredSuccess.entrySet()) {
                var row = jdbc.sql("select blob_key, sha256 from " + archive.schema()
                                + ".instance where sop_instance_uid = ?")
                        .param(answered.getKey())
                        .query()
                        .singleRow();
                byte[] file;
                try (InputStream in = blobs.open((String) row.get("blob_key"))) {
                    file = in.readAllBytes();
                }
                assertThat(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
                        .isEqualTo(row.get("sha256"));
                Attributes stored = Part10File.read(new ByteArrayInputStream(file), file.length, ReadOptions.DEFAULT)
                        .dataset();
                assertThat(stored.getString(Tag.SOPInstanceUID)).isEqualTo(answered.getKey());
                assertThat(StoreScu.encode(stored)).isEqualTo(answered.getValue());
            }
        }
    }

    /** A second modality storing until its association is cut by the kill; what it got 0000 for counts too. */
    private static void sendUntilCut(
            ArchiveProcess archive, Study study, AtomicBoolean stop, Map<String, byte[]> answeredSuccess) {
        try (StoreScu modality = new StoreScu("CT02", archive.dicomPort(), "ISTHMUS_PACS")) {
            for (int i = 0; !stop.get(); i++) {
                Attributes instance = TestInstances.ct(study, Uids.create(), i + 1, 128, i);
                if (modality.store(instance).code() == Status.SUCCESS) {
                    answeredSuccess.put(instance.getString(Tag.SOPInstanceUID), StoreScu.encode(instance));
                }
            }
        } catch (IOException | RuntimeException cut) {
            // the kill ends the association; instances without a response were never promised
        }
    }
}
