package health.isthmus.dicomweb.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicomweb.ingest.IngestOutcome;
import health.isthmus.dicomweb.ingest.IngestSource;
import health.isthmus.dicomweb.ingest.InstanceIngest;
import health.isthmus.dicomweb.storage.BlobStore;
import health.isthmus.dicomweb.testing.TestInstances;
import health.isthmus.dicomweb.testing.TestInstances.Study;
import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.archive.ArchiveTopics;
import health.isthmus.events.archive.StudyDeleted;
import health.isthmus.events.archive.StudyStable;
import health.isthmus.events.archive.StudyUpdated;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.mpi.EnterprisePatientCreated;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUpdated;
import health.isthmus.events.mpi.MpiCause;
import health.isthmus.events.mpi.MpiTopics;
import health.isthmus.events.worklist.ProcedureScheduled;
import health.isthmus.events.worklist.ProcedureStep;
import health.isthmus.events.worklist.WorklistTopics;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TestKafka;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Filing against the worklist and the MPI over real Kafka and PostgreSQL: the worklist's procedure events and the MPI's
 * identity events are produced to the broker as their producers publish them (keyed, CloudEvents headers, JSON), images
 * are stored through the ingest, and the study rows, the archive's events and the admin API are checked.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.dicomweb.dicom.port=0",
            "isthmus.dicomweb.storage.root=${java.io.tmpdir}/reconciliation-it-${random.uuid}",
            "isthmus.dicomweb.filing.senders.CT01.site=GENHOSP",
            "isthmus.dicomweb.stability.quiet-time=2s",
            "isthmus.dicomweb.stability.check-interval=500ms"
        })
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconciliationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicLong STEP_IDS = new AtomicLong(100);

    @LocalServerPort
    int port;

    @Autowired
    InstanceIngest ingest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    BlobStore blobs;

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<String, byte[]> producer;
    private TopicReader studyEvents;

    @BeforeAll
    void connect() {
        producer = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
        studyEvents = new TopicReader(ArchiveTopics.STUDY);
    }

    @AfterAll
    void disconnect() {
        producer.close();
        studyEvents.close();
    }

    @Test
    void imagesOfAScheduledOrderAreFiledUnderItsPatientWithTheMpisDemographics() throws Exception {
        UUID euid = UUID.randomUUID();
        send(MpiTopics.PATIENT, created(euid, mrn("MRN-A1"), "ORDERLY^ANNA", LocalDate.of(1971, 3, 4)));
        Study study = Study.of("MRN-A1", "SENT^NAME", "ACC-A1");
        send(WorklistTopics.PROCEDURE, scheduled(study, mrn("MRN-A1"), euid));
        awaitExpected(study.studyUid());

        store(study, 1);

        Map<String, Object> row = studyRow(study.studyUid());
        assertThat(row.get("filing")).isEqualTo("FILED");
        assertThat(row.get("order_key")).isEqualTo("GENHOSP|ACC-A1");
        assertThat(row.get("euid")).isEqualTo(euid);
        assertThat(row.get("patient_name")).isEqualTo("ORDERLY^ANNA");
        assertThat(row.get("patient_name_search")).isEqualTo("ORDERLY^ANNA");
        assertThat(row.get("patient_birth_date")).isEqualTo("19710304");
    }

    @Test
    void imagesContradictingTheirOrderAreHeldListedAndResolvedByAnAdmin() throws Exception {
        Study study = Study.of("MRN-B2", "WRONG^PATIENT", "ACC-B1");
        send(WorklistTopics.PROCEDURE, scheduled(study, mrn("MRN-B1"), null));
        awaitExpected(study.studyUid());

        store(study, 1);

        Map<String, Object> held = studyRow(study.studyUid());
        assertThat(held.get("filing")).isEqualTo("HELD");
        assertThat(held.get("patient_id")).isEqualTo("MRN-B2");
        HttpResponse<String> list = call("GET", "/api/studies/reconciliation", null, admin());
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode listed = entryOf(json.readTree(list.body()), study.studyUid());
        assertThat(listed).isNotNull();
        assertThat(listed.path("imagesPatient").path("value").asString()).isEqualTo("MRN-B2");
        assertThat(listed.path("orderPatient").path("value").asString()).isEqualTo("MRN-B1");
        assertThat(listed.path("orderKey").asString()).isEqualTo("GENHOSP|ACC-B1");
        assertThat(listed.path("numberOfInstances").asInt()).isEqualTo(1);
        assertThat(call(
                                "GET",
                                "/api/studies/reconciliation",
                                null,
                                TestIssuer.get().token("tech", "technologist"))
                        .statusCode())
                .isEqualTo(403);

        HttpResponse<String> openApi = call("GET", "/api/studies/v3/api-docs", null, admin());
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(json.readTree(openApi.body()).path("paths").has("/api/studies/reconciliation/{studyUid}/resolve"))
                .isTrue();

        String path = "/api/studies/reconciliation/" + study.studyUid() + "/resolve";
        assertThat(call("POST", path, "{\"action\": \"file-anywhere\", \"reason\": \"x\"}", admin())
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> resolved =
                call("POST", path, "{\"action\": \"file-under-order\", \"reason\": \"typo at the modality\"}", admin());
        assertThat(resolved.statusCode()).isEqualTo(200);

        Map<String, Object> filed = studyRow(study.studyUid());
        assertThat(filed.get("filing")).isEqualTo("FILED");
        assertThat(filed.get("patient_id")).isEqualTo("MRN-B1");
        assertThat(filed.get("order_key")).isEqualTo("GENHOSP|ACC-B1");
        JsonNode updated = awaitStudyEvent(StudyUpdated.class, study.studyUid(), "RECONCILED");
        assertThat(updated.path("changedBy").asString()).isEqualTo("dev-admin");
        assertThat(updated.path("study").path("patient").path("value").asString())
                .isEqualTo("MRN-B1");
        assertThat(entryOf(
                        json.readTree(call("GET", "/api/studies/reconciliation", null, admin())
                                .body()),
                        study.studyUid()))
                .isNull();

        HttpResponse<String> again =
                call("POST", path, "{\"action\": \"file-as-sent\", \"reason\": \"changed my mind\"}", admin());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json.readTree(again.body()).path("status").asInt()).isEqualTo(409);
        assertThat(call(
                                "POST",
                                "/api/studies/reconciliation/1.2.3.999/resolve",
                                "{\"action\": \"file-as-sent\", \"reason\": \"r\"}",
                                admin())
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aMergeRetiringTheImagesPatientIdRefilesTheStudyUnderTheSurvivorOnce() throws Exception {
        Study study = Study.of("MRN-C2", "DUPLICATE^CARL", "ACC-C1");
        store(study, 1);
        assertThat(studyRow(study.studyUid()).get("euid")).isNull();

        UUID survivor = UUID.randomUUID();
        EnterprisePatientMerged merged = new EnterprisePatientMerged(
                survivor,
                List.of(mrn("MRN-C1")),
                demographics(mrn("MRN-C1"), "SURVIVOR^CARL", LocalDate.of(1960, 1, 2)),
                List.of(mrn("MRN-C2")),
                null,
                new MpiCause("hl7", "GENHOSP|MSG-A40-C A40", null));
        String eventId = send(MpiTopics.PATIENT, merged);

        Map<String, Object> row = await(() -> studyRow(study.studyUid()), r -> "MRN-C1".equals(r.get("patient_id")));
        assertThat(row.get("issuer_of_patient_id")).isEqualTo("GENHOSP");
        assertThat(row.get("euid")).isEqualTo(survivor);
        assertThat(row.get("patient_name")).isEqualTo("SURVIVOR^CARL");
        JsonNode updated = awaitStudyEvent(StudyUpdated.class, study.studyUid(), "REFILED");
        assertThat(updated.path("cause").asString()).isEqualTo("mpi.EnterprisePatientMerged.v1");
        assertThat(updated.path("study").path("patient").path("value").asString())
                .isEqualTo("MRN-C1");

        // redelivered (same event id) and resent (a new id, same merge): nothing changes, nothing is published
        // (both on the merge's key, so once the resend is processed the redelivery was too)
        send(MpiTopics.PATIENT, merged, eventId);
        awaitProcessed(send(MpiTopics.PATIENT, merged));
        assertThat(studyEvents(StudyUpdated.class, study.studyUid())).hasSize(1);
        assertThat(studyRow(study.studyUid()).get("updated_at")).isEqualTo(row.get("updated_at"));

        // a later study of the retired id is filed under the survivor at once
        Study later = Study.of("MRN-C2", "DUPLICATE^CARL", "ACC-C2");
        store(later, 1);
        assertThat(studyRow(later.studyUid()).get("patient_id")).isEqualTo("MRN-C1");
        assertThat(studyRow(later.studyUid()).get("euid")).isEqualTo(survivor);
    }

    @Test
    void aStudyWithoutOrderMovedToAnotherIssuersPatientByAMergeMovesToThatSite() throws Exception {
        Study study = Study.of("NC-M2", "MOVED^MONA", "ACC-M1");
        Attributes ct = TestInstances.ct(study, Uids.create(), 1, 8, 1);
        ct.setString(Tag.IssuerOfPatientID, VR.LO, "NORTHCLINIC");
        IngestOutcome outcome = ingest.storeFile(
                IngestSource.stow("reconciliation-it", "127.0.0.1"),
                new ByteArrayInputStream(TestInstances.part10(ct, Uid.ExplicitVRLittleEndian)));
        assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.STORED);
        assertThat(studyRow(study.studyUid()).get("site")).isEqualTo("NORTHCLINIC");

        PatientIdentifier retired = new PatientIdentifier("NC-M2", "NORTHCLINIC", "MR");
        send(
                MpiTopics.PATIENT,
                new EnterprisePatientMerged(
                        UUID.randomUUID(),
                        List.of(mrn("MRN-M1")),
                        demographics(mrn("MRN-M1"), "MOVED^MONA", LocalDate.of(1970, 3, 4)),
                        List.of(retired),
                        null,
                        new MpiCause("hl7", "GENHOSP|MSG-A40-M A40", null)));

        Map<String, Object> row = await(() -> studyRow(study.studyUid()), r -> "MRN-M1".equals(r.get("patient_id")));
        assertThat(row.get("issuer_of_patient_id")).isEqualTo("GENHOSP");
        assertThat(row.get("site"))
                .as("the study follows its patient to GENHOSP")
                .isEqualTo("GENHOSP");
    }

    @Test
    void anOrderArrivingAfterItsImagesLinksTheStudyOrHoldsItWhenThePatientsDiffer() throws Exception {
        Study matching = Study.of("MRN-D1", "LATE^ORDER", "ACC-D1");
        Study contradicting = Study.of("MRN-D9", "OTHER^PERSON", "ACC-D2");
        store(matching, 1);
        store(contradicting, 1);
        assertThat(studyRow(matching.studyUid()).get("order_key")).isNull();

        send(WorklistTopics.PROCEDURE, scheduled(matching, mrn("MRN-D1"), null));
        send(WorklistTopics.PROCEDURE, scheduled(contradicting, mrn("MRN-D2"), null));

        Map<String, Object> linked = await(() -> studyRow(matching.studyUid()), r -> r.get("order_key") != null);
        assertThat(linked.get("order_key")).isEqualTo("GENHOSP|ACC-D1");
        assertThat(linked.get("filing")).isEqualTo("FILED");
        assertThat(awaitStudyEvent(StudyUpdated.class, matching.studyUid(), "RECONCILED")
                        .path("cause")
                        .asString())
                .isEqualTo("worklist.ProcedureScheduled.v1");

        Map<String, Object> held = await(() -> studyRow(contradicting.studyUid()), r -> "HELD".equals(r.get("filing")));
        assertThat(held.get("patient_id")).isEqualTo("MRN-D9");
        assertThat(held.get("order_key")).isEqualTo("GENHOSP|ACC-D2");
        awaitStudyEvent(StudyUpdated.class, contradicting.studyUid(), "HELD");

        // the order sent again (a new event id) finds the study linked: nothing changes, nothing is published
        awaitProcessed(send(WorklistTopics.PROCEDURE, scheduled(matching, mrn("MRN-D1"), null)));
        assertThat(studyEvents(StudyUpdated.class, matching.studyUid())).hasSize(1);
        assertThat(studyRow(matching.studyUid()).get("updated_at")).isEqualTo(linked.get("updated_at"));
    }

    @Test
    void anMpiUpdateOfTheNameChangesTheStudysPatientName() throws Exception {
        UUID euid = UUID.randomUUID();
        send(MpiTopics.PATIENT, created(euid, mrn("MRN-E1"), "BEFORE^EVE", LocalDate.of(1990, 5, 6)));
        await(
                () -> jdbc.sql("select count(*) from known_identity where euid = ?")
                        .param(euid)
                        .query(Long.class)
                        .single(),
                count -> count == 1);
        Study study = Study.of("MRN-E1", "BEFORE^EVE", "ACC-E1");
        store(study, 1);
        assertThat(studyRow(study.studyUid()).get("euid")).isEqualTo(euid);

        send(
                MpiTopics.PATIENT,
                new EnterprisePatientUpdated(
                        euid,
                        List.of(mrn("MRN-E1")),
                        demographics(mrn("MRN-E1"), "AFTER^EVE^MARIE", LocalDate.of(1990, 5, 6)),
                        List.of(),
                        new MpiCause("hl7", "GENHOSP|MSG-A08-E A08", null)));

        Map<String, Object> row =
                await(() -> studyRow(study.studyUid()), r -> "AFTER^EVE^MARIE".equals(r.get("patient_name")));
        assertThat(row.get("patient_name_search")).isEqualTo("AFTER^EVE^MARIE");
        assertThat(row.get("patient_id")).isEqualTo("MRN-E1");
        assertThat(awaitStudyEvent(StudyUpdated.class, study.studyUid(), "REFILED")
                        .path("cause")
                        .asString())
                .isEqualTo("mpi.EnterprisePatientUpdated.v1");
    }

    @Test
    void anAdminRejectsASeriesAndDeletesTheStudyOthersAreRefused() throws Exception {
        Study study = Study.of("MRN-F1", "GONE^FRED", "ACC-F1");
        Study second = study.nextSeries();
        store(study, 1);
        store(second, 2);
        String base = "/api/studies/" + study.studyUid();
        List<String> files = jdbc.sql("select blob_key from instance i join study s on s.study_pk = i.study_pk"
                        + " where s.study_instance_uid = ?")
                .param(study.studyUid())
                .query(String.class)
                .list();
        assertThat(files).hasSize(2).allMatch(blobs::exists);

        assertThat(call("DELETE", base + "?reason=test", null, TestIssuer.get().token("doc", "radiologist"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(call("DELETE", base, null, admin()).statusCode()).isEqualTo(400);
        assertThat(call("DELETE", "/api/studies/1.2.3.998?reason=x", null, admin())
                        .statusCode())
                .isEqualTo(404);
        assertThat(instances(study.studyUid())).isEqualTo(2);

        HttpResponse<String> rejected =
                call("DELETE", base + "/series/" + second.seriesUid(), "{\"reason\": \"wrong side\"}", admin());
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(instances(study.studyUid())).isEqualTo(1);
        assertThat(studyRow(study.studyUid()).get("number_of_series")).isEqualTo(1);
        JsonNode update = awaitStudyEvent(StudyUpdated.class, study.studyUid(), "INSTANCES_REJECTED");
        assertThat(update.path("study").path("numberOfInstances").asInt()).isEqualTo(1);

        HttpResponse<String> deleted = call("DELETE", base + "?reason=duplicate%20exam", null, admin());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json.readTree(deleted.body()).path("studyDeleted").asBoolean())
                .isTrue();
        assertThat(jdbc.sql("select count(*) from study where study_instance_uid = ?")
                        .param(study.studyUid())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(instances(study.studyUid())).isZero();
        JsonNode event = awaitStudyEvent(StudyDeleted.class, study.studyUid(), null);
        assertThat(event.path("reason").asString()).isEqualTo("duplicate exam");
        assertThat(event.path("deletedBy").asString()).isEqualTo("dev-admin");
        assertThat(files).noneMatch(blobs::exists);
    }

    @Test
    void aQuietStudyIsAnnouncedStableOnce() throws Exception {
        Study study = Study.of("MRN-G1", "QUIET^GINA", "ACC-G1");
        store(study, 1);

        awaitStudyEvent(StudyStable.class, study.studyUid(), null);
        assertThat(studyRow(study.studyUid()).get("stable_published_at")).isNotNull();
        Thread.sleep(3000);
        assertThat(studyEvents(StudyStable.class, study.studyUid())).hasSize(1);
    }

    // --- the worklist and the MPI as producers

    private static PatientIdentifier mrn(String value) {
        return new PatientIdentifier(value, "GENHOSP", "MR");
    }

    private static PatientDemographics demographics(PatientIdentifier id, String name, @Nullable LocalDate birthDate) {
        String[] parts = name.split("\\^");
        return new PatientDemographics(
                List.of(id),
                List.of(new PersonName(parts[0], List.of(parts).subList(1, parts.length), null, null)),
                birthDate,
                "F");
    }

    private static EnterprisePatientCreated created(
            UUID euid, PatientIdentifier id, String name, @Nullable LocalDate birthDate) {
        return new EnterprisePatientCreated(
                euid, List.of(id), demographics(id, name, birthDate), new MpiCause("hl7", "GENHOSP|A04", null));
    }

    private static ProcedureScheduled scheduled(Study study, PatientIdentifier patient, @Nullable UUID euid) {
        return new ProcedureScheduled(
                new ProcedureStep(
                        STEP_IDS.incrementAndGet(),
                        "GENHOSP",
                        study.accession(),
                        null,
                        "SPS-" + study.accession(),
                        study.studyUid(),
                        "CT",
                        null,
                        Instant.now(),
                        patient,
                        euid,
                        "SCHEDULED"),
                "hl7 GENHOSP|ORM " + study.accession() + " O01");
    }

    private String send(String topic, IsthmusEvent event) throws Exception {
        String id = UUID.randomUUID().toString();
        send(topic, event, id);
        return id;
    }

    private void send(String topic, IsthmusEvent event, String eventId) throws Exception {
        producer.send(new ProducerRecord<>(
                        topic,
                        null,
                        event.partitionKey(),
                        json.writeValueAsBytes(event),
                        CloudEventHeaders.of(
                                eventId,
                                EventCatalog.wireType(event.getClass()),
                                "/isthmus/test",
                                Instant.now(),
                                event.partitionKey(),
                                null)))
                .get();
    }

    // --- the archive

    private void store(Study study, int instanceNumber) throws Exception {
        byte[] file = TestInstances.part10(
                TestInstances.ct(study, Uids.create(), instanceNumber, 8, instanceNumber), Uid.ExplicitVRLittleEndian);
        IngestOutcome outcome =
                ingest.storeFile(IngestSource.dimse("CT01", "127.0.0.1"), new ByteArrayInputStream(file));
        assertThat(outcome.result()).isEqualTo(IngestOutcome.Result.STORED);
    }

    private Map<String, Object> studyRow(String studyUid) {
        return jdbc.sql("select * from study where study_instance_uid = ?")
                .param(studyUid)
                .query()
                .singleRow();
    }

    private long instances(String studyUid) {
        return jdbc.sql("""
                        select count(*) from instance i join series se on se.series_pk = i.series_pk
                         join study s on s.study_pk = se.study_pk where s.study_instance_uid = ?
                        """).param(studyUid).query(Long.class).single();
    }

    private void awaitExpected(String studyUid) throws InterruptedException {
        await(
                () -> jdbc.sql("select count(*) from expected_study where study_instance_uid = ?")
                        .param(studyUid)
                        .query(Long.class)
                        .single(),
                count -> count == 1);
    }

    private void awaitProcessed(String eventId) throws InterruptedException {
        await(
                () -> jdbc.sql("select count(*) from inbox_processed_event where event_id = ?")
                        .param(eventId)
                        .query(Long.class)
                        .single(),
                count -> count == 1);
    }

    private List<JsonNode> studyEvents(Class<? extends IsthmusEvent> type, String studyUid) {
        studyEvents.await(record -> false, 1, Duration.ofMillis(500));
        return studyEvents.seen().stream()
                .filter(record -> isEvent(record, type, studyUid))
                .map(record -> json.readTree(record.value()))
                .toList();
    }

    private JsonNode awaitStudyEvent(Class<? extends IsthmusEvent> type, String studyUid, @Nullable String reason) {
        List<ConsumerRecord<String, byte[]>> found = studyEvents.await(
                record -> isEvent(record, type, studyUid)
                        && (reason == null
                                || reason.equals(json.readTree(record.value())
                                        .path("reason")
                                        .asString())),
                1,
                WAIT);
        assertThat(found)
                .as("%s of %s (%s)", type.getSimpleName(), studyUid, reason)
                .isNotEmpty();
        return json.readTree(found.getLast().value());
    }

    private static boolean isEvent(ConsumerRecord<String, byte[]> record, Class<?> type, String studyUid) {
        return studyUid.equals(record.key())
                && CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE)
                        .map(EventCatalog.wireType(type)::equals)
                        .orElse(false);
    }

    private static @Nullable JsonNode entryOf(JsonNode list, String studyUid) {
        for (JsonNode entry : list) {
            if (studyUid.equals(entry.path("studyInstanceUid").asString())) {
                return entry;
            }
        }
        return null;
    }

    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        T value = read.get();
        while (!done.test(value) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            value = read.get();
        }
        assertThat(done.test(value)).as("awaited state, last seen: %s", value).isTrue();
        return value;
    }

    // --- the admin API

    private static String admin() {
        return TestIssuer.get().token("dev-admin", "admin");
    }

    private HttpResponse<String> call(String method, String path, @Nullable String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
