package health.isthmus.dicomweb.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dimse.DimseStatus;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicomweb.dimse.DicomListener;
import health.isthmus.dicomweb.storage.BlobStore;
import health.isthmus.dicomweb.testing.StoreScu;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * RELIABILITY T7: 200 instances, each sent 3 times by 2 senders in parallel, and one SOP Instance UID reused with
 * other content in another series. Exactly 200 readable instances; every response is 0000 or the documented 0111
 * for the reused UID; the first copy is not overwritten.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/t7-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class DuplicateStormIT {

    private static final int INSTANCES = 200;
    private static final int SENDS_PER_SENDER = 3;

    @Autowired
    DicomListener listener;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BlobStore blobs;

    @Test
    void twoHundredInstancesSentThreeTimesByTwoSendersAreStoredOnceAndTheReusedUidIsRefused() throws Exception {
        Study study = Study.of("MRN-T7", "STORM^TEST", "ACC-T7");
        List<Attributes> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(TestInstances.ct(study, Uids.create(), i + 1, 32, i));
        }
        Attributes reused =
                TestInstances.ct(study.nextSeries(), instances.get(17).getString(Tag.SOPInstanceUID), 1, 32, 4242);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger reusedStatus = new AtomicInteger(-1);

        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int sender = 0; sender < 2; sender++) {
            int seed = sender;
            running.add(senders.submit(() -> {
                List<Attributes> order = new ArrayList<>();
                for (int round = 0; round < SENDS_PER_SENDER; round++) {
                    order.addAll(instances);
                }
                Collections.shuffle(order, new Random(seed));
                try (StoreScu modality = new StoreScu("SENDER" + seed, listener.port(), listener.aeTitle())) {
                    for (int i = 0; i < order.size(); i++) {
                        DimseStatus status = modality.store(order.get(i));
                        statuses.computeIfAbsent(status.code(), code -> new AtomicInteger())
                                .incrementAndGet();
                        if (seed == 1 && i == order.size() / 2) {
                            reusedStatus.set(modality.store(reused).code());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> sender : running) {
            sender.get();
        }
        senders.shutdown();

        System.out.printf(
                "T7: %d stores answered %s; reused UID answered %04X%n",
                2 * SENDS_PER_SENDER * INSTANCES, statuses, reusedStatus.get());
        assertThat(statuses.keySet()).containsOnly(Status.SUCCESS);
        assertThat(statuses.get(Status.SUCCESS).get()).isEqualTo(2 * SENDS_PER_SENDER * INSTANCES);
        assertThat(reusedStatus.get()).isEqualTo(Status.DUPLICATE_SOP_INSTANCE);

        assertThat(jdbc.sql("select count(*) from instance where study_pk = (select study_pk from study"
                                + " where study_instance_uid = ?)")
                        .param(study.studyUid())
                        .query(Integer.class)
                        .single())
                .isEqualTo(INSTANCES);
        assertThat(jdbc.sql("select number_of_instances from study where study_instance_uid = ?")
                        .param(study.studyUid())
                        .query(Integer.class)
                        .single())
                .isEqualTo(INSTANCES);
        assertThat(jdbc.sql("select count(*) from series where series_instance_uid = ?")
                        .param(study.nextSeries().seriesUid())
                        .query(Integer.class)
                        .single())
                .isZero();
        for (Attributes sent : instances) {
            String sop = sent.getString(Tag.SOPInstanceUID);
            var row = jdbc.sql("select blob_key, sha256 from instance where sop_instance_uid = ?")
                    .param(sop)
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
            assertThat(stored.getString(Tag.SOPInstanceUID)).isEqualTo(sop);
            assertThat(StoreScu.encode(stored))
                    .as("the first copy, not the reused UID's")
                    .isEqualTo(StoreScu.encode(sent));
        }
    }
}
