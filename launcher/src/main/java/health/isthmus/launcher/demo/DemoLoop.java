package health.isthmus.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Drives one patient through the whole loop against the running platform and prints each step with its latency:
 * the HIS registers the patient and orders a CT; the modality finds the order on its worklist, reports the procedure
 * with MPPS and sends a synthetic head CT; a viewer finds the study and loads its metadata over DICOMweb; a
 * radiologist signs a report; the HIS receives the ORU^R01 and acknowledges it; an auditor reads the patient's audit
 * trail. Ends with a line {@code DEMO OK}, or {@code DEMO FAILED} naming the step. The data stays in place.
 */
public final class DemoLoop {

    public static final String OK = "DEMO OK";
    public static final String FAILED = "DEMO FAILED";
    private static final String STATION = "DEMO_CT";
    private static final int SLICES = 24;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(50);
    /** The services whose records of the patient the audit trail must hold once the loop is done. */
    private static final List<String> AUDITING =
            List.of("hl7-ingest-service", "worklist-service", "dicomweb-service", "report-service");

    private final DemoEndpoints endpoints;
    private final PrintStream out;
    private final Clock clock;
    private final List<String> steps = List.of(
            "HIS registers the patient (ADT^A04 over MLLP)",
            "HIS orders a head CT (OMI^O23 over MLLP)",
            "modality finds the order on its worklist (MWL C-FIND)",
            "modality starts the procedure (MPPS N-CREATE)",
            "modality sends " + SLICES + " CT images (C-STORE)",
            "modality completes the procedure (MPPS N-SET)",
            "viewer finds the study (QIDO-RS via the gateway)",
            "viewer loads the series metadata (WADO-RS)",
            "radiologist writes and signs the report (REST)",
            "HIS receives the report and acknowledges it (ORU^R01)",
            "auditor reads the patient's audit trail (/api/audit)");
    private int step;

    public DemoLoop(DemoEndpoints endpoints, PrintStream out, Clock clock) {
        this.endpoints = endpoints;
        this.out = out;
        this.clock = clock;
    }

    /** Runs the loop once; returns whether every step succeeded. The HIS simulator keeps listening until closed. */
    public boolean run(HisSimulator hl7) {
        String runId = Long.toString(clock.millis() % 100_000_000L, 36).toUpperCase(Locale.ROOT);
        DemoPatient patient = new DemoPatient("DEMO" + runId, "DEMO", "ALEX", "19700101", "O");
        DemoOrder order = new DemoOrder("DEMO-" + runId, "PO-" + runId, STATION);
        ModalitySimulator modality =
                new ModalitySimulator(STATION, endpoints.worklistPort(), endpoints.archivePort(), clock);
        Instant started = clock.instant();
        out.println();
        out.println("DEMO patient " + patient.mrn() + " (GENHOSP), accession " + order.accessionNumber() + ", modality "
                + STATION);
        try (PlatformHttp http = new PlatformHttp(endpoints.gatewayPort(), endpoints.authPort())) {
            Instant t = clock.instant();
            requireAa(hl7.register(patient));
            done("AA in " + since(t));

            t = clock.instant();
            requireAa(hl7.order(patient, order));
            Instant ordered = clock.instant();
            done("AA in " + since(t));

            ModalitySimulator.Scheduled item = await(() -> modality.findOnWorklist(order.accessionNumber()));
            done("listed " + since(ordered) + " after the order's AA; study " + item.studyInstanceUid());

            t = clock.instant();
            String mpps = modality.startProcedure(item);
            done("Success in " + since(t));

            t = clock.instant();
            String series = modality.sendSeries(item, SLICES);
            Instant stored = clock.instant();
            long storeMillis = Duration.between(t, stored).toMillis();
            done(SLICES + " x Success in " + storeMillis + " ms ("
                    + String.format(Locale.ROOT, "%.0f", SLICES * 1000.0 / Math.max(1, storeMillis)) + " images/s)");

            t = clock.instant();
            modality.completeProcedure(mpps, series);
            done("Success in " + since(t));

            String studyQuery = "/dicomweb/studies?AccessionNumber=" + order.accessionNumber()
                    + "&includefield=NumberOfStudyRelatedInstances";
            await(() -> {
                PlatformHttp.Answer studies = http.get(studyQuery, "dev-radiologist", "application/dicom+json");
                JsonNode found = studies.json();
                return studies.status() == 200
                                && found != null
                                && found.size() == 1
                                && intValue(found.get(0), "00201208") == SLICES
                        ? Optional.of(found)
                        : Optional.empty();
            });
            done("1 study of " + SLICES + " instances, visible " + since(stored) + " after the last C-STORE");

            t = clock.instant();
            PlatformHttp.Answer metadata = http.get(
                    "/dicomweb/studies/" + item.studyInstanceUid() + "/series/" + series + "/metadata",
                    "dev-radiologist",
                    "application/dicom+json");
            if (metadata.status() != 200
                    || metadata.json() == null
                    || metadata.json().size() != SLICES) {
                throw new IllegalStateException("series metadata answered HTTP " + metadata.status());
            }
            done(SLICES + " instances in " + since(t));

            PlatformHttp.Answer created = await(() -> {
                PlatformHttp.Answer answer = http.post(
                        "/api/reports",
                        "dev-radiologist",
                        http.object(Map.of(
                                "accessionNumber",
                                order.accessionNumber(),
                                "text",
                                "FINDINGS: No acute intracranial abnormality.\nIMPRESSION: Normal head CT.")));
                return answer.status() == 201 ? Optional.of(answer) : Optional.empty();
            });
            long reportId =
                    created.json() == null ? 0 : created.json().path("id").asLong();
            Instant signing = clock.instant();
            PlatformHttp.Answer finalized =
                    http.post("/api/reports/" + reportId + "/finalize", "dev-radiologist", null);
            if (finalized.status() != 200) {
                throw new IllegalStateException(
                        "finalize answered HTTP " + finalized.status() + ": " + finalized.body());
            }
            done("report " + reportId + " final in " + since(signing));

            HisSimulator.Received oru = hl7.awaitReport(order.accessionNumber(), WAIT);
            if (oru == null) {
                throw new IllegalStateException("no ORU^R01 for " + order.accessionNumber() + " within " + WAIT);
            }
            Duration oruAfter = Duration.between(signing, oru.at());
            await(() -> {
                PlatformHttp.Answer report =
                        http.get("/api/reports/" + reportId, "dev-radiologist", "application/json");
                return report.json() != null
                                && "delivered"
                                        .equals(report.json()
                                                .path("deliveryState")
                                                .asString(""))
                        ? Optional.of(report)
                        : Optional.empty();
            });
            done("ORU (OBR-25 " + oru.field("OBR", 25) + ") at the HIS " + oruAfter.toMillis()
                    + " ms after signing; state delivered after " + since(signing));

            JsonNode trail = await(() -> {
                PlatformHttp.Answer events = http.get(
                        "/api/audit/events?patient=" + patient.mrn() + "&limit=500", "dev-auditor", "application/json");
                JsonNode records = events.json() == null ? null : records(events.json());
                return events.status() == 200
                                && records != null
                                && sources(records).containsAll(AUDITING)
                        ? Optional.of(records)
                        : Optional.empty();
            });
            done(trail.size() + " records: " + String.join(", ", actions(trail)));

            out.println(OK + " in " + since(started) + "; the data stays: patient " + patient.mrn() + ", accession "
                    + order.accessionNumber() + ", study " + item.studyInstanceUid());
            out.flush();
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            out.println(FAILED + " at step " + (step + 1) + "/" + steps.size() + " (" + steps.get(step) + "): "
                    + e.getMessage());
            out.flush();
            return false;
        }
    }

    private void done(String result) {
        out.printf(Locale.ROOT, "DEMO step %2d/%d  %-56s %s%n", step + 1, steps.size(), steps.get(step), result);
        out.flush();
        step++;
    }

    private String since(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() + " ms";
    }

    private static void requireAa(String ack) {
        if (!ack.contains("MSA|AA|")) {
            throw new IllegalStateException("the platform did not accept the message: "
                    + ack.replace('\r', ' ').trim());
        }
    }

    /** What the condition yields once it yields something, polling until {@link #WAIT} has passed. */
    private <T> T await(Condition<T> condition) throws Exception {
        Instant deadline = clock.instant().plus(WAIT);
        @Nullable Exception last = null;
        while (clock.instant().isBefore(deadline)) {
            try {
                Optional<T> value = condition.check();
                if (value.isPresent()) {
                    return value.get();
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(POLL);
        }
        throw new IllegalStateException("not within " + WAIT.toSeconds() + " s"
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

    @FunctionalInterface
    private interface Condition<T> {
        Optional<T> check() throws Exception;
    }

    private static int intValue(JsonNode dataset, String tag) {
        return dataset.path(tag).path("Value").path(0).asInt(-1);
    }

    /** The audit records of a page of {@code /api/audit/events}. */
    private static @Nullable JsonNode records(JsonNode page) {
        return page.path("events").isArray() ? page.path("events") : null;
    }

    private static java.util.Set<String> sources(JsonNode records) {
        java.util.Set<String> sources = new TreeSet<>();
        records.forEach(
                record -> sources.add(record.path("source").path("sourceId").asString("")));
        return sources;
    }

    /** What was recorded and by whom: {@code <event> by <source>}, each once, in order. */
    private static List<String> actions(JsonNode records) {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode record : records) {
            JsonNode event = record.path("event");
            names.add(event.path("text").asString(event.path("code").asString("?")) + " by "
                    + record.path("source").path("sourceId").asString("?"));
        }
        return new ArrayList<>(names);
    }
}
