package health.isthmus.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import health.isthmus.launcher.demo.ModalitySimulator;
import health.isthmus.testsupport.orthanc.OrthancPeer;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole loop through {@code ./run.sh --demo} (issue 10). First the demo itself: its HIS and modality simulators
 * drive one patient through every step and it prints {@code DEMO OK}. Then the same loop with real clients for a
 * NORTHCLINIC patient: HAPI's MLLP client as the HIS (ADT^A04, ORM^O01), DCMTK {@code findscu -W} and {@code storescu}
 * as the modality (MPPS through libs/dicom, as DCMTK has no MPPS tool), DICOMweb through the gateway with a token as
 * the viewer, the report signed through REST, and a HAPI MLLP listener as NORTHCLINIC's HIS (the stack's report-service
 * is pointed at it) receiving and acknowledging the ORU^R01; then the patient's audit trail. Last, Orthanc pushes a
 * study with C-STORE and it appears over DICOMweb.
 */
class WholeLoopIT {

    private static final Logger log = LoggerFactory.getLogger(WholeLoopIT.class);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern STUDY_UID = Pattern.compile("\\(0020,000d\\) UI \\[([^\\]]*)\\]");

    private static final BlockingQueue<Message> hisReceived = new LinkedBlockingQueue<>();
    private static final HapiContext hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
    private static @Nullable HL7Service his;
    private static @Nullable StandaloneStack stack;

    private final Platform platform = new Platform();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String run =
            Long.toString(System.currentTimeMillis() % 10_000_000L, 36).toUpperCase();

    @TempDir
    Path files;

    @BeforeAll
    static void startStackWithDemoAndHis() throws Exception {
        int hisPort = LoopbackPorts.free();
        HL7Service server = hapi.newServer(hisPort, false);
        server.registerApplication("ORU", "R01", new ReceivingApplication<Message>() {
            @Override
            public Message processMessage(Message message, Map<String, Object> metadata) {
                hisReceived.add(message);
                try {
                    return message.generateACK();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean canProcess(Message message) {
                return true;
            }
        });
        server.startAndWait();
        his = server;
        SharedStack.stopForAStackOfItsOwn();
        stack = StandaloneStack.ofThisBuildWithFreshData("loop")
                .withArguments("--demo")
                .withEnvironment(
                        "SPRING_APPLICATION_JSON",
                        "{\"isthmus\":{\"report\":{\"delivery\":{\"sites\":{\"NORTHCLINIC\":\"127.0.0.1:" + hisPort
                                + "\"}}}}}");
        stack.start();
        Optional<String> outcome = stack.awaitLine(
                line -> line.startsWith("DEMO OK") || line.startsWith("DEMO FAILED"), Duration.ofMinutes(5));
        log.info("FIGURE demo: {}", outcome.orElse("no outcome within 5 minutes"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (his != null) {
            his.stopAndWait();
        }
    }

    @Test
    void theDemoDrivesOnePatientThroughEveryStepAndSaysDemoOk() {
        List<String> output = stack().output();
        List<String> steps =
                output.stream().filter(line -> line.startsWith("DEMO step")).toList();
        steps.forEach(line -> log.info("FIGURE {}", line));
        assertThat(output)
                .as(String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size())))
                .anyMatch(line -> line.startsWith("DEMO OK"));
        assertThat(steps).hasSize(11);
        assertThat(steps.get(9)).contains("ORU (OBR-25 F) at the HIS");
    }

    @Test
    void aNorthclinicPatientGoesFromRegistrationToAnAcknowledgedReportWithRealClients() throws Exception {
        String mrn = "NC" + run;
        String accession = "ACC-NC-" + run;
        String controlPrefix = "LOOP-" + run;
        assertAccepted(platform.sendHl7(Platform.sample("adt_a04_register.hl7")
                .replace("GENHOSP", "NORTHCLINIC")
                .replace("MRN100001", mrn)
                .replace("MSG-A04-0001", controlPrefix + "-A04")));
        assertAccepted(platform.sendHl7(Platform.sample("orm_o01_new_ct.hl7")
                .replace("GENHOSP", "NORTHCLINIC")
                .replace("MRN100001", mrn)
                .replace("ACC-9001", accession)
                .replace("MSG-ORM-0001", controlPrefix + "-ORM")
                .replace("1.2.826.0.1.3680043.10.1234.1.9001", newUid())));
        Instant ordered = Instant.now();

        String entry = await(() ->
                Dcmtk.worklist(accession, "0010,0020", "0020,000D").stream().findFirst());
        Duration orderToWorklist = Duration.between(ordered, Instant.now());
        Matcher studyUid = STUDY_UID.matcher(entry);
        assertThat(studyUid.find()).as(entry).isTrue();
        // a UI value of odd length is padded with one NUL (PS3.5 6.2), which findscu prints as part of the value
        String study = studyUid.group(1).replace("\0", "").strip();
        assertThat(entry).contains(mrn);

        ModalitySimulator modality = new ModalitySimulator("NC_CT1", 11113, 11112, Clock.systemUTC());
        ModalitySimulator.Scheduled scheduled = new ModalitySimulator.Scheduled(accession, study, mrn, "DOE^JANE");
        String mpps = modality.startProcedure(scheduled);

        Path image = Dcmtk.jpegInstance(
                Dcmtk.grayJpeg(64),
                files.resolve("loop.dcm"),
                "PatientID=" + mrn,
                "IssuerOfPatientID=NORTHCLINIC",
                "PatientName=DOE^JANE",
                "StudyInstanceUID=" + study,
                "AccessionNumber=" + accession,
                "StudyDate=20261203");
        Dcmtk.storescu("-xy", image);
        Instant stored = Instant.now();
        String seriesUid = Dcmtk.run("dcmdump", "+P", "0020,000e", "-s", image.toString())
                .replaceAll("(?s).*\\[([^\\]]*)\\].*", "$1")
                .replace("\0", "")
                .strip();
        modality.completeProcedure(mpps, seriesUid);

        String viewer = platform.token("dev-clinician");
        JsonNode found = await(() -> {
            HttpResponse<String> studies = platform.get("/dicomweb/studies?AccessionNumber=" + accession, viewer);
            JsonNode list = studies.statusCode() == 200 ? json.readTree(studies.body()) : null;
            return list != null && list.size() == 1 ? Optional.of(list.get(0)) : Optional.empty();
        });
        Duration storeToQido = Duration.between(stored, Instant.now());
        assertThat(found.path("00100020").path("Value").get(0).asString()).isEqualTo(mrn);
        HttpResponse<String> metadata = platform.get("/dicomweb/studies/" + study + "/metadata", viewer);
        assertThat(metadata.statusCode()).isEqualTo(200);
        assertThat(json.readTree(metadata.body()).size()).isEqualTo(1);

        String radiologist = platform.token("dev-radiologist");
        HttpResponse<String> created = await(() -> {
            HttpResponse<String> answer = platform.post(
                    "/api/reports",
                    "{\"accessionNumber\": \"" + accession + "\", \"text\": \"IMPRESSION: Normal head CT.\"}",
                    radiologist);
            return answer.statusCode() == 201 ? Optional.of(answer) : Optional.empty();
        });
        long reportId = json.readTree(created.body()).path("id").asLong();
        Instant signed = Instant.now();
        HttpResponse<String> finalized = platform.post("/api/reports/" + reportId + "/finalize", null, radiologist);
        assertThat(finalized.statusCode()).as(finalized.body()).isEqualTo(200);

        Message oru = hisReceived.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        Duration finalizeToOru = Duration.between(signed, Instant.now());
        assertThat(oru).as("the ORU^R01 at NORTHCLINIC's HIS").isNotNull();
        Terser terser = new Terser(oru);
        assertThat(terser.get("/MSH-9-1") + "^" + terser.get("/MSH-9-2")).isEqualTo("ORU^R01");
        assertThat(terser.get("/PATIENT_RESULT/PATIENT/PID-3-1")).isEqualTo(mrn);
        assertThat(terser.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-18")).isEqualTo(accession);
        assertThat(terser.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-25")).isEqualTo("F");
        JsonNode report = await(() -> {
            HttpResponse<String> answer = platform.get("/api/reports/" + reportId, radiologist);
            JsonNode body = json.readTree(answer.body());
            return "delivered".equals(body.path("deliveryState").asString("")) ? Optional.of(body) : Optional.empty();
        });
        assertThat(report.path("status").asString()).isEqualTo("final");

        log.info(
                "FIGURE loop with real clients: ORM acknowledged -> on findscu's worklist {} ms; storescu done -> QIDO"
                        + " finds the study {} ms; finalize -> ORU at the HIS {} ms",
                orderToWorklist.toMillis(),
                storeToQido.toMillis(),
                finalizeToOru.toMillis());

        String auditor = platform.token("dev-auditor");
        JsonNode trail = await(() -> {
            HttpResponse<String> answer = platform.get("/api/audit/events?patient=" + mrn + "&limit=500", auditor);
            JsonNode events =
                    answer.statusCode() == 200 ? json.readTree(answer.body()).path("events") : null;
            return events != null && sources(events).containsAll(AUDITING_SERVICES)
                    ? Optional.of(events)
                    : Optional.empty();
        });
        java.util.TreeSet<String> recorded = new java.util.TreeSet<>();
        trail.forEach(
                record -> recorded.add(record.path("source").path("sourceId").asString("") + ": "
                        + record.path("event")
                                .path("text")
                                .asString(record.path("event").path("code").asString(""))
                        + " " + record.path("action").asString("")));
        log.info("FIGURE audit trail of {}: {} records: {}", mrn, trail.size(), recorded);
        assertThat(sources(trail)).containsAll(AUDITING_SERVICES);
    }

    /** The services whose audit records of the loop's patient the trail must hold. */
    private static final List<String> AUDITING_SERVICES =
            List.of("hl7-ingest-service", "worklist-service", "dicomweb-service", "report-service");

    private static java.util.Set<String> sources(JsonNode events) {
        java.util.Set<String> sources = new java.util.TreeSet<>();
        events.forEach(
                record -> sources.add(record.path("source").path("sourceId").asString("")));
        return sources;
    }

    @Test
    void orthancPushesAStudyThatAppearsOverDicomweb() throws Exception {
        Assumptions.assumeTrue(OrthancPeer.installed(), "Orthanc is not installed (CI installs it)");
        String study = newUid();
        Path image = Dcmtk.jpegInstance(
                Dcmtk.grayJpeg(48),
                files.resolve("orthanc.dcm"),
                "PatientID=MRN-OR-" + run,
                "IssuerOfPatientID=GENHOSP",
                "PatientName=ORTHANC^PUSH",
                "StudyInstanceUID=" + study,
                "AccessionNumber=ACC-OR-" + run,
                "StudyDate=20261203");
        Path orthancHome = Files.createDirectories(files.resolve("orthanc"));
        try (OrthancPeer orthanc = OrthancPeer.start(
                orthancHome, OrthancPeer.Options.defaults().modality("isthmus", "ISTHMUS_PACS", "127.0.0.1", 11112))) {
            OrthancPeer.UploadedInstance uploaded = orthanc.uploadFile(image);
            orthanc.storeTo("isthmus", uploaded.studyId());
        }
        String viewer = platform.token("dev-clinician");
        JsonNode found = await(() -> {
            HttpResponse<String> studies = platform.get("/dicomweb/studies?StudyInstanceUID=" + study, viewer);
            JsonNode list = studies.statusCode() == 200 ? json.readTree(studies.body()) : null;
            return list != null && list.size() == 1 ? Optional.of(list.get(0)) : Optional.empty();
        });
        assertThat(found.path("00100020").path("Value").get(0).asString()).isEqualTo("MRN-OR-" + run);
    }

    private static StandaloneStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the stack did not start");
        }
        return stack;
    }

    private static void assertAccepted(Message ack) throws Exception {
        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
    }

    private static String newUid() {
        return "2.25." + new java.math.BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }

    /** What the condition yields once it yields something, polling until {@link #WAIT} has passed. */
    private static <T> T await(Await.Condition<T> condition) throws Exception {
        return Await.until("the condition", WAIT, condition);
    }
}
