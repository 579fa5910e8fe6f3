package health.isthmus.dicomweb.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.orthanc.OrthancPeer;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Orthanc (Debian's 1.10) as another PACS configured with Isthmus as a modality: a study it holds, in two transfer
 * syntaxes, is pushed to us with C-STORE and lands in our index with every instance, as Orthanc sent it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/orthanc-push-it-${random.uuid}"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class OrthancPushIT {

    @Autowired
    DicomListener listener;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path work;

    @Test
    void aStudyOrthancPushesIsStoredWholeInItsTransferSyntaxes() throws Exception {
        Assumptions.assumeTrue(OrthancPeer.installed(), "Orthanc is not installed (CI installs it)");
        Study study = Study.of("MRN-ORTHANC-1", "PUSH^ORTHANC", "ACC-ORTHANC-1");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(TestInstances.write(
                    work.resolve("ct" + i + ".dcm"),
                    TestInstances.ct(study, Uids.create(), i + 1, 64, i),
                    Uid.ExplicitVRLittleEndian));
        }
        files.add(TestInstances.write(
                work.resolve("jpeg.dcm"),
                TestInstances.jpegSecondaryCapture(study.nextSeries(), Uids.create(), 32, TestInstances.grayJpeg(32)),
                Uid.JPEGBaseline8Bit));

        try (OrthancPeer orthanc = OrthancPeer.start(
                work.resolve("orthanc"),
                OrthancPeer.Options.defaults().modality("isthmus", listener.aeTitle(), "127.0.0.1", listener.port()))) {
            String orthancStudy = null;
            for (Path file : files) {
                orthancStudy = orthanc.uploadFile(file).studyId();
            }
            orthanc.storeTo("isthmus", orthancStudy);
        }

        assertThat(jdbc.sql("select number_of_instances from study where study_instance_uid = ?")
                        .param(study.studyUid())
                        .query(Integer.class)
                        .single())
                .isEqualTo(4);
        assertThat(jdbc.sql("""
                        select distinct i.transfer_syntax_uid from instance i join study s using (study_pk)
                         where s.study_instance_uid = ? order by 1""").param(study.studyUid()).query(String.class).list())
                .containsExactly(Uid.ExplicitVRLittleEndian, Uid.JPEGBaseline8Bit);
        assertThat(jdbc.sql("select distinct received_from from instance i join study s using (study_pk)"
                                + " where s.study_instance_uid = ?")
                        .param(study.studyUid())
                        .query(String.class)
                        .list())
                .containsExactly("ORTHANC");
    }
}
