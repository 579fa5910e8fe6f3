package health.isthmus.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.hl7v2.model.Message;
import health.isthmus.systemtests.EventTap.Published;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reliability test T6, merge storms (../shared/spec/RELIABILITY.md): a HIS sends registrations, updates and A40
 * merges for 20 pairs of MRNs of one person each, interleaved over three MLLP connections; then one merge is sent
 * again and an update names an MRN the merge retired.
 *
 * <p>What users see: every message is acknowledged with AA; a clinician searching FHIR by a retired MRN finds no
 * patient and by the surviving MRN exactly one; an administrator's view of the survivor's identity holds no record of
 * the retired MRN; the merge sent again changes nothing (the survivor keeps its FHIR version); the update naming a
 * retired MRN follows the documented default policy {@code isthmus.mpi.retired-identifier-policy=redirect} (its
 * demographics land on the survivor, nothing is created under the retired MRN) and is audited.
 *
 * <p>Not checked yet: "no order or study left on a retired id". worklist-service and dicomweb-service do not consume
 * the MPI's events yet, so no order or study can be filed under an MRN in the first place; when they do, this test
 * gains orders (ORM) and studies (C-STORE) for the retired MRNs and checks them over FHIR ServiceRequest and QIDO-RS.
 * What they will consume is checked instead: every merge is published once on {@code mpi.patient.v1}, and the
 * identity it names no longer lists the retired MRN.
 *
 * <p>The audit record of the redirected update is read from {@code audit.record.v1}, where the MPI publishes it;
 * {@link #theAuditorFindsTheRedirectedUpdateInTheTrail} checks the auditor's view through audit-service and stays
 * disabled until it has been run against the standalone stack.
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MergeStormIT {

    private static final Logger log = LoggerFactory.getLogger(MergeStormIT.class);

    private static final int PAIRS = 20;
    private static final int CONNECTIONS = 3;
    private static final Duration ACK_WITHIN = Duration.ofSeconds(60);
    private static final Duration SETTLED_WITHIN = Duration.ofMinutes(3);
    private static final String AUTHORITY = "GENHOSP";
    private static final String EUID_SYSTEM = "urn:isthmus:euid";
    private static final String MPI = "patient-identity-service";
    private static final String MERGED = "mpi.EnterprisePatientMerged.v1";
    private static final String REDIRECTED = "update of a retired identifier redirected to the survivor";
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final List<String> SYLLABLES = List.of(
            "KA", "LO", "MI", "RU", "ZE", "TA", "NO", "VI", "SA", "DU", "PE", "GO", "BRA", "TIN", "WEL", "MOR", "FEX",
            "HAL", "QUI", "JOR");
    private static final List<String> GIVEN = List.of(
            "ANNA", "BORIS", "CLARA", "DAVID", "ELENA", "FELIX", "GRETA", "HUGO", "IRIS", "JONAS", "KARLA", "LEON");

    private static @Nullable EventTap tap;
    private static final long SEED = new Random().nextLong();
    private static final Random random = new Random(SEED);
    private static final String RUN = runId();
    private static final List<Pair> pairs = new ArrayList<>();
    private static final AtomicInteger messagesSent = new AtomicInteger();
    private static boolean settled;
    private static @Nullable Pair resentPair;
    private static @Nullable String redirectedControlId;

    private final Platform platform = new Platform();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void logRun() {
        log.info("T6 run {} with seed {}", RUN, SEED);
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (tap != null) {
            tap.close();
        }
    }

    @Test
    @Order(1)
    void aMergeStormOverThreeConnectionsLeavesNoPatientUnderARetiredMrn() throws Exception {
        for (int n = 0; n < PAIRS; n++) {
            pairs.add(Pair.random(n, random));
        }
        Instant started = Instant.now();
        Map<Integer, Integer> perConnection = sendStorm();
        Instant lastAck = Instant.now();

        String clinician = platform.token("dev-clinician");
        Set<Pair> waiting = new HashSet<>(pairs);
        Instant deadline = Instant.now().plus(SETTLED_WITHIN);
        while (!waiting.isEmpty()) {
            // the A40 is the only message that gives the survivor the middle name
            waiting.removeIf(pair -> {
                List<JsonNode> found = patients(pair.mrnA(), clinician);
                return found.size() == 1 && givenNames(found.getFirst()).equals(pair.finalGiven());
            });
            if (!waiting.isEmpty() && Instant.now().isAfter(deadline)) {
                throw new AssertionError("the merges of "
                        + waiting.stream().map(Pair::mrnA).sorted().toList() + " did not take effect over FHIR within "
                        + SETTLED_WITHIN);
            }
            Thread.sleep(250);
        }
        Duration settle = Duration.between(lastAck, Instant.now());
        settled = true;

        String admin = platform.token("dev-admin");
        SoftAssertions softly = new SoftAssertions();
        for (Pair pair : pairs) {
            softly.assertThat(patients(pair.mrnB(), clinician))
                    .as("active patients found by the retired MRN %s", pair.mrnB())
                    .isEmpty();
            List<JsonNode> survivors = patients(pair.mrnA(), clinician);
            softly.assertThat(survivors)
                    .as("active patients found by the surviving MRN %s", pair.mrnA())
                    .hasSize(1);
            if (survivors.size() == 1) {
                JsonNode identity = identity(euid(survivors.getFirst()), admin);
                softly.assertThat(recordKeys(identity))
                        .as("records of the identity of %s", pair.mrnA())
                        .contains(pair.mrnA())
                        .doesNotContain(pair.mrnB());
                softly.assertThat(identifierValues(identity.get("identifiers")))
                        .as("identifiers of the identity of %s", pair.mrnA())
                        .doesNotContain(pair.mrnB());
            }
        }
        softly.assertAll();

        // what worklist and archive will follow to move orders and studies: one merge event per A40, naming the
        // survivor's identity without the retired MRN
        EventTap events = eventTap();
        Map<Pair, List<Published>> merges = new LinkedHashMap<>();
        Instant eventsDeadline = Instant.now().plus(SETTLED_WITHIN);
        do {
            List<Published> published = events.find(event -> event.type().equals(MERGED));
            merges.clear();
            for (Pair pair : pairs) {
                merges.put(
                        pair,
                        published.stream()
                                .filter(event -> causedBy(event, pair.controlId("M")))
                                .toList());
            }
            if (merges.values().stream().noneMatch(List::isEmpty)
                    || Instant.now().isAfter(eventsDeadline)) {
                break;
            }
            Thread.sleep(250);
        } while (true);
        SoftAssertions mergeEvents = new SoftAssertions();
        for (Pair pair : pairs) {
            List<Published> merged = merges.get(pair);
            mergeEvents
                    .assertThat(merged)
                    .as("merge events of the A40 %s", pair.controlId("M"))
                    .hasSize(1);
            if (merged.size() == 1) {
                JsonNode event = merged.getFirst().payload();
                mergeEvents
                        .assertThat(identifierValues(event.get("retired")))
                        .as("identifiers the A40 %s retired", pair.controlId("M"))
                        .contains(pair.mrnB());
                mergeEvents
                        .assertThat(identifierValues(event.get("identifiers")))
                        .as("identifiers of the surviving identity after the A40 %s", pair.controlId("M"))
                        .contains(pair.mrnA())
                        .doesNotContain(pair.mrnB());
            }
        }
        mergeEvents.assertAll();

        log.info(
                "FIGURE T6 merge storm: {} messages ({} A01, {} A08, {} A40) for {} pairs over {} MLLP connections"
                        + " (messages per connection {}), all AA after {} s; {} merges settled over FHIR {} s after"
                        + " the last AA",
                messagesSent.get(),
                2 * PAIRS,
                2 * PAIRS,
                PAIRS,
                PAIRS,
                CONNECTIONS,
                perConnection.values(),
                Duration.between(started, lastAck).toMillis() / 1000.0,
                PAIRS,
                settle.toMillis() / 1000.0);
    }

    @Test
    @Order(2)
    void aResentMergeChangesNothing() throws Exception {
        assumeTrue(settled, "the storm did not settle");
        Pair pair = pairs.get(random.nextInt(PAIRS));
        resentPair = pair;
        String clinician = platform.token("dev-clinician");
        JsonNode before = onlyPatient(pair.mrnA(), clinician);
        String resendId = pair.controlId("R");

        Message ack = send(pair.a40().replace("|" + pair.controlId("M") + "|", "|" + resendId + "|"));

        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
        // the MPI audits every message it applies, in the transaction that applies it: once its record is out, the
        // resent merge has had all the effect it will have
        Published audited = awaitAuditOf(resendId, AUTHORITY + "|" + pair.mrnA());
        assertThat(audited.payload().get("outcome").asString()).isEqualTo("SUCCESS");
        JsonNode after = onlyPatient(pair.mrnA(), clinician);
        assertThat(after.get("meta").get("versionId").asString())
                .as("FHIR version of %s after the A40 was sent again", pair.mrnA())
                .isEqualTo(before.get("meta").get("versionId").asString());
        assertThat(givenNames(after)).isEqualTo(givenNames(before));
        assertThat(euid(after)).isEqualTo(euid(before));
        assertThat(patients(pair.mrnB(), clinician)).isEmpty();
        assertThat(eventTap().find(event -> event.topic().equals("mpi.patient.v1") && causedBy(event, resendId)))
                .as("MPI events caused by the resent A40 %s", resendId)
                .isEmpty();
        log.info("T6 resent A40 {} of {}: audited as '{}'", resendId, pair.mrnA(), eventText(audited));
    }

    @Test
    @Order(3)
    void anUpdateNamingARetiredMrnIsRedirectedToTheSurvivorAndAudited() throws Exception {
        assumeTrue(settled, "the storm did not settle");
        Pair pair = resentPair != null ? resentPair : pairs.getFirst();
        String clinician = platform.token("dev-clinician");
        JsonNode before = onlyPatient(pair.mrnA(), clinician);
        String newFamily = newFamilyName(random, Set.of(pair.family(), pair.previousFamily()));
        String controlId = pair.controlId("X");
        redirectedControlId = controlId;

        Message ack = send(pair.a08(pair.mrnB(), newFamily, pair.finalGiven(), controlId));
        Instant acknowledged = Instant.now();

        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
        JsonNode survivor = awaitFamily(pair.mrnA(), newFamily, clinician);
        Duration applied = Duration.between(acknowledged, Instant.now());
        assertThat(euid(survivor)).isEqualTo(euid(before));
        assertThat(Integer.parseInt(survivor.get("meta").get("versionId").asString()))
                .isGreaterThan(
                        Integer.parseInt(before.get("meta").get("versionId").asString()));
        assertThat(patients(pair.mrnB(), clinician))
                .as("active patients found by the retired MRN %s after an A08 named it", pair.mrnB())
                .isEmpty();
        JsonNode identity = identity(euid(survivor), platform.token("dev-admin"));
        assertThat(recordKeys(identity)).contains(pair.mrnA()).doesNotContain(pair.mrnB());

        Published audited = awaitAuditOf(controlId, AUTHORITY + "|" + pair.mrnB());
        assertThat(eventText(audited)).isEqualTo(REDIRECTED);
        assertThat(audited.payload().get("outcome").asString()).isEqualTo("SUCCESS");
        assertThat(patientObjects(audited.payload()))
                .as("patients named by the audit record of %s", controlId)
                .contains(AUTHORITY + "|" + pair.mrnB(), AUTHORITY + "|" + pair.mrnA(), euid(survivor));
        log.info(
                "FIGURE T6 after the storm: A40 of {} sent again (no new version, no MPI event), A08 naming the"
                        + " retired {} redirected to the survivor {} s after its AA; {} messages in all",
                pair.mrnA(),
                pair.mrnB(),
                applied.toMillis() / 1000.0,
                messagesSent.get());
    }

    @Test
    @Order(4)
    void theAuditorFindsTheRedirectedUpdateInTheTrail() throws Exception {
        assumeTrue(redirectedControlId != null && resentPair != null, "no update named a retired MRN");
        String patient = AUTHORITY + "|" + resentPair.mrnB();
        Instant deadline = Instant.now().plus(SETTLED_WITHIN);
        String auditor = platform.token("dev-auditor");
        while (true) {
            HttpResponse<String> response = platform.get(
                    "/api/audit/events?patient=" + URLEncoder.encode(patient, StandardCharsets.UTF_8), auditor);
            assertThat(response.statusCode()).isEqualTo(200);
            if (response.body().contains(redirectedControlId)) {
                assertThat(response.body()).contains(REDIRECTED);
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the audit trail of " + patient + " does not show the A08 "
                        + redirectedControlId + " within " + SETTLED_WITHIN);
            }
            Thread.sleep(250);
        }
    }

    /** Sends every pair's messages over three connections; a pair's next message goes once the last one has its AA. */
    private Map<Integer, Integer> sendStorm() throws Exception {
        List<Step> first = new ArrayList<>();
        int total = 0;
        for (Pair pair : pairs) {
            List<String> messages = pair.storm();
            Step next = null;
            for (int i = messages.size() - 1; i >= 0; i--) {
                next = new Step(pair, messages.get(i), next);
            }
            first.add(next);
            total += messages.size();
        }
        ReadySteps ready = new ReadySteps(first, total, new Random(random.nextLong()));
        Map<Integer, Integer> perConnection = new LinkedHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                done.add(senders.submit(() -> {
                    int sent = 0;
                    try (Hl7Connection connection = new Hl7Connection(ACK_WITHIN)) {
                        Step step;
                        while ((step = ready.take()) != null) {
                            Message ack = connection.send(step.message());
                            sent++;
                            messagesSent.incrementAndGet();
                            String code = Platform.field(ack, "/MSA-1");
                            if (!"AA".equals(code)) {
                                problems.add(code + " for " + Platform.field(ack, "/MSA-2") + ": "
                                        + ack.encode().replace('\r', '\n'));
                                ready.abort();
                            }
                            ready.finished(step.next());
                        }
                    } catch (Exception e) {
                        problems.add(e.toString());
                        ready.abort();
                    }
                    return sent;
                }));
            }
            for (int c = 0; c < CONNECTIONS; c++) {
                perConnection.put(c, done.get(c).get(10, TimeUnit.MINUTES));
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(problems).as("acknowledgments other than AA").isEmpty();
        assertThat(messagesSent.get()).isEqualTo(total);
        return perConnection;
    }

    private Message send(String message) throws Exception {
        try (Hl7Connection connection = new Hl7Connection(ACK_WITHIN)) {
            Message ack = connection.send(message);
            messagesSent.incrementAndGet();
            return ack;
        }
    }

    private EventTap eventTap() {
        if (tap == null) {
            tap = new EventTap(RUN, List.of("mpi.patient.v1", "audit.record.v1"));
        }
        return tap;
    }

    /** The MPI's audit record of an HL7 message naming a patient, once it is published. */
    private Published awaitAuditOf(String controlId, String patient) throws InterruptedException {
        Instant deadline = Instant.now().plus(SETTLED_WITHIN);
        while (true) {
            List<Published> found = eventTap()
                    .find(event -> event.topic().equals("audit.record.v1")
                            && event.payload()
                                    .get("source")
                                    .get("sourceId")
                                    .asString()
                                    .equals(MPI)
                            && objectIds(event.payload(), "MESSAGE").contains(controlId)
                            && patientObjects(event.payload()).contains(patient));
            if (!found.isEmpty()) {
                assertThat(found).as("MPI audit records of %s", controlId).hasSize(1);
                return found.getFirst();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no audit record of " + controlId + " naming " + patient
                        + " from the MPI within " + SETTLED_WITHIN);
            }
            Thread.sleep(250);
        }
    }

    private JsonNode awaitFamily(String mrn, String family, String token) throws Exception {
        Instant deadline = Instant.now().plus(SETTLED_WITHIN);
        while (true) {
            List<JsonNode> found = patients(mrn, token);
            if (found.size() == 1
                    && family.equals(
                            found.getFirst().get("name").get(0).get("family").asString())) {
                return found.getFirst();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(mrn + " does not show the family name " + family + " within " + SETTLED_WITHIN
                        + "; found " + found);
            }
            Thread.sleep(250);
        }
    }

    /** The active patients a FHIR search by a GENHOSP MRN finds. */
    private List<JsonNode> patients(String mrn, String token) {
        try {
            JsonNode bundle = platform.patientsByIdentifier(AUTHORITY + "|" + mrn, token);
            List<JsonNode> found = new ArrayList<>();
            if (bundle.has("entry")) {
                bundle.get("entry").forEach(entry -> found.add(entry.get("resource")));
            }
            return found;
        } catch (Exception e) {
            throw new IllegalStateException("FHIR search by " + mrn + " failed", e);
        }
    }

    private JsonNode onlyPatient(String mrn, String token) {
        List<JsonNode> found = patients(mrn, token);
        assertThat(found).as("active patients found by %s", mrn).hasSize(1);
        return found.getFirst();
    }

    /** An identity as administrators see it: {@code GET /api/patients/identities/{euid}}. */
    private JsonNode identity(String euid, String token) throws Exception {
        HttpResponse<String> response = platform.get("/api/patients/identities/" + euid, token);
        assertThat(response.statusCode())
                .as("identity %s: %s", euid, response.body())
                .isEqualTo(200);
        return json.readTree(response.body());
    }

    /** The MRN each record of an identity is keyed by (its first identifier). */
    private static List<String> recordKeys(JsonNode identity) {
        List<String> keys = new ArrayList<>();
        identity.get("records")
                .forEach(entry -> keys.add(entry.get("record")
                        .get("identifiers")
                        .get(0)
                        .get("value")
                        .asString()));
        return keys;
    }

    private static List<String> identifierValues(@Nullable JsonNode identifiers) {
        if (identifiers == null) {
            return List.of();
        }
        return StreamSupport.stream(identifiers.spliterator(), false)
                .map(identifier -> identifier.get("value").asString())
                .toList();
    }

    private static String euid(JsonNode patient) {
        return StreamSupport.stream(patient.get("identifier").spliterator(), false)
                .filter(identifier ->
                        EUID_SYSTEM.equals(identifier.path("system").asString()))
                .map(identifier -> identifier.get("value").asString())
                .findFirst()
                .orElseThrow(() -> new AssertionError("Patient without an EUID: " + patient));
    }

    private static List<String> givenNames(JsonNode patient) {
        return StreamSupport.stream(patient.get("name").get(0).get("given").spliterator(), false)
                .map(JsonNode::asString)
                .toList();
    }

    private static boolean causedBy(Published event, String controlId) {
        JsonNode cause = event.payload().get("cause");
        return cause != null && cause.path("reference").asString().contains("|" + controlId + " ");
    }

    private static String eventText(Published audit) {
        return audit.payload().get("eventTypes").get(0).get("text").asString();
    }

    private static List<String> patientObjects(JsonNode audit) {
        return objectIds(audit, "PATIENT");
    }

    private static List<String> objectIds(JsonNode audit, String type) {
        return StreamSupport.stream(audit.get("objects").spliterator(), false)
                .filter(object -> type.equals(object.get("type").asString()))
                .map(object -> object.get("id").asString())
                .toList();
    }

    private static String runId() {
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            id.append(letters.charAt(random.nextInt(letters.length())));
        }
        return id.toString();
    }

    private static String newFamilyName(Random random, Set<String> taken) {
        while (true) {
            int syllables = 3 + random.nextInt(2);
            StringBuilder family = new StringBuilder();
            for (int i = 0; i < syllables; i++) {
                family.append(SYLLABLES.get(random.nextInt(SYLLABLES.size())));
            }
            if (!taken.contains(family.toString())) {
                return family.toString();
            }
        }
    }

    /**
     * One person registered under two GENHOSP MRNs, and the messages that merge the second into the first.
     *
     * @param n the pair's number in this run
     * @param previousFamily the family name of the first registration of MRN A
     * @param family the family name after an A08 of MRN A (and of MRN B's registration)
     * @param given the given name
     * @param middle the middle name, known to MRN B's registration and the A40 only
     */
    private record Pair(
            int n,
            String previousFamily,
            String family,
            String given,
            String middle,
            LocalDate birthDate,
            String sex,
            String street,
            String phone) {

        private static final Set<String> families = new HashSet<>();

        static Pair random(int n, Random random) {
            String previousFamily = newFamilyName(random, families);
            families.add(previousFamily);
            String family = newFamilyName(random, families);
            families.add(family);
            int given = random.nextInt(GIVEN.size());
            return new Pair(
                    n,
                    previousFamily,
                    family,
                    GIVEN.get(given),
                    String.valueOf((char) ('A' + random.nextInt(26))),
                    LocalDate.of(1940, 1, 1).plusDays(random.nextInt(65 * 365)),
                    given % 2 == 0 ? "F" : "M",
                    (1 + random.nextInt(999)) + " " + SYLLABLES.get(random.nextInt(SYLLABLES.size())) + " STREET",
                    "555" + String.format(Locale.ROOT, "%04d", random.nextInt(10_000)));
        }

        String mrnA() {
            return String.format(Locale.ROOT, "MRN%sA%02d", RUN, n);
        }

        String mrnB() {
            return String.format(Locale.ROOT, "MRN%sB%02d", RUN, n);
        }

        String controlId(String step) {
            return String.format(Locale.ROOT, "T6%s%02d%s", RUN, n, step);
        }

        List<String> finalGiven() {
            return List.of(given, middle);
        }

        /**
         * A01 of MRN A, A01 of MRN B under the older family name, A08 of MRN A (new family name), A08 of MRN B
         * (new family name), A40 merging MRN B into MRN A. MRN B's A01 is older than the A40: when the MPI applies
         * it after the merge (its key travels on another partition than the survivor's), it must be superseded, not
         * redirected onto the survivor, or the survivor would show the old name again.
         */
        List<String> storm() {
            return List.of(
                    adt("A01", "ADT_A01", controlId("A1"), pid(mrnA(), previousFamily, List.of(given)), pv1()),
                    adt("A01", "ADT_A01", controlId("B1"), pid(mrnB(), previousFamily, finalGiven()), pv1()),
                    a08(mrnA(), family, List.of(given), controlId("A8")),
                    a08(mrnB(), family, finalGiven(), controlId("B8")),
                    a40());
        }

        String a08(String mrn, String familyName, List<String> givenNames, String controlId) {
            return adt("A08", "ADT_A01", controlId, pid(mrn, familyName, givenNames), pv1());
        }

        String a40() {
            return adt(
                    "A40",
                    "ADT_A39",
                    controlId("M"),
                    pid(mrnA(), family, finalGiven()),
                    "MRG|" + mrnB() + "^^^" + AUTHORITY + "^MR");
        }

        private String pid(String mrn, String familyName, List<String> givenNames) {
            return "PID|1||" + mrn + "^^^" + AUTHORITY + "^MR||" + familyName + "^" + String.join("^", givenNames)
                    + "^".repeat(6 - givenNames.size()) + "L||" + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + "|" + sex + "|||" + street + "^^SPRINGFIELD^IL^62701^USA^H||^PRN^PH^^1^217^" + phone;
        }

        private static String pv1() {
            return "PV1|1|I|W1^101^1^" + AUTHORITY;
        }

        private static String adt(String trigger, String structure, String controlId, String... segments) {
            String now = LocalDateTime.now().format(HL7_TIME);
            return "MSH|^~\\&|EPICADT|" + AUTHORITY + "|ISTHMUS|RADIOLOGY|" + now + "||ADT^" + trigger + "^" + structure
                    + "|" + controlId + "|P|2.5.1\rEVN|" + trigger + "|" + now + "\r"
                    + Stream.of(segments).collect(Collectors.joining("\r"));
        }
    }

    /**
     * A message of a pair and the one to send once it is acknowledged.
     *
     * @param pair the pair
     * @param message the message
     * @param next the pair's next message
     */
    private record Step(Pair pair, String message, @Nullable Step next) {}

    /** The messages that may go now: one per pair at most, taken in random order by whichever connection is free. */
    private static final class ReadySteps {

        private final List<Step> ready;
        private final Random random;
        private int unfinished;

        ReadySteps(List<Step> first, int total, Random random) {
            this.ready = new ArrayList<>(first);
            this.unfinished = total;
            this.random = random;
        }

        synchronized @Nullable Step take() throws InterruptedException {
            while (ready.isEmpty() && unfinished > 0) {
                wait();
            }
            return unfinished == 0 ? null : ready.remove(random.nextInt(ready.size()));
        }

        synchronized void finished(@Nullable Step next) {
            if (unfinished > 0) {
                unfinished--;
            }
            if (next != null && unfinished > 0) {
                ready.add(next);
            }
            notifyAll();
        }

        synchronized void abort() {
            unfinished = 0;
            ready.clear();
            notifyAll();
        }
    }
}
