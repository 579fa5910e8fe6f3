package health.isthmus.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.launcher.demo.ModalitySimulator;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tests T11 and T10 of RELIABILITY.md over the shared running stack (issue 9). Two sites, GENHOSP and NORTHCLINIC, each with a
 * patient (ADT^A04), an order (ORM^O01), an image (storescu) and a final report. T11: every development client (each
 * role, and the site-limited clients of four roles) against every route family, through the gateway and directly at
 * the owning service's port, as the access matrix of docs/security.md says; a site-limited client never sees the
 * other site's identifiers and reads of the other site's records answer 404 (or 403); forged and stale tokens get 401
 * everywhere; an oversized body gets 413; unbounded queries are capped. T10: every call above through the gateway,
 * every call made directly at a service (its own 401/403 refusals included), and the DIMSE services (MWL C-FIND, MPPS N-CREATE/N-SET, C-STORE) each leave
 * exactly one audit record, found by the call's {@code X-Correlation-Id} (or, for DIMSE, by time, event and patient).
 */
@ExtendWith(SharedStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessAndAuditIT {

    private static final Logger log = LoggerFactory.getLogger(AccessAndAuditIT.class);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RUN =
            Long.toString(System.currentTimeMillis() % 10_000_000L, 36).toUpperCase(Locale.ROOT);

    private static final String ADMIN = "admin";
    private static final String RADIOLOGIST = "radiologist";
    private static final String TECHNOLOGIST = "technologist";
    private static final String CLINICIAN = "clinician";
    private static final String AUDITOR = "auditor";
    private static final String INTEGRATION = "integration";
    private static final Set<String> CLINICAL = Set.of(ADMIN, RADIOLOGIST, TECHNOLOGIST, CLINICIAN, INTEGRATION);
    private static final Set<String> REPORT_READERS = Set.of(ADMIN, RADIOLOGIST, CLINICIAN, INTEGRATION);
    private static final Set<String> WORKLIST_READERS = Set.of(ADMIN, RADIOLOGIST, TECHNOLOGIST, INTEGRATION);

    private static final Platform platform = new Platform();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final Map<String, Site> sites = new LinkedHashMap<>();
    private static final Map<String, String> tokens = new LinkedHashMap<>();
    /** Every access T10 accounts for, in the order made. */
    private static final List<Access> accesses = new ArrayList<>();

    private static final AtomicInteger calls = new AtomicInteger();

    @TempDir
    static Path files;

    /** One site's data as the platform filed it. */
    private static final class Site {
        final String code;
        final String mrn;
        final String accession;
        final String studyUid;
        String seriesUid = "";
        String sopUid = "";
        String patientId = "";
        String euid = "";
        String serviceRequestId = "";
        String diagnosticReportId = "";
        String auditEventId = "";
        String stepId = "";
        String reportId = "";
        String messageId = "";
        final String ormControlId;
        final String name;
        final String birthDate;

        Site(String code) {
            this.code = code;
            String prefix = code.substring(0, 2);
            this.mrn = "MRN" + prefix + RUN;
            this.accession = "ACC-" + prefix + "-" + RUN;
            this.studyUid =
                    "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
            this.ormControlId = "AA-" + prefix + "-" + RUN + "-ORM";
            this.name = "GENHOSP".equals(code) ? "DOE^JANE" : "NORTH^NORA";
            this.birthDate = "GENHOSP".equals(code) ? "19800214" : "19650707";
        }

        /** The sample's patient made this site's own person (name and birth date), so the MPI keeps them apart. */
        String person(String sample) {
            return sample.replace("DOE^JANE^Q", name).replace("19800214", birthDate);
        }

        String qualified() {
            return code + "|" + mrn;
        }

        /** What identifies this site's patient, order and images in an answer. */
        List<String> identifiers() {
            return java.util.stream.Stream.of(mrn, accession, studyUid, seriesUid, sopUid, euid)
                    .filter(identifier -> !identifier.isEmpty())
                    .toList();
        }
    }

    /** A development client: its role, and the site it is limited to (null: every site). */
    private record Client(
            String id, @Nullable String role, @Nullable String site) {}

    /** A route family: the owning service's port, the roles allowed, whether it reads one record, its path. */
    private record Route(String name, int port, Set<String> roles, boolean read, Function<Site, String> path) {}

    /**
     * One access T10 expects exactly one audit record of: by correlation id (HTTP), or by event code, action, patient
     * and time window (DIMSE, correlation null).
     */
    private record Access(
            String what,
            @Nullable String correlationId,
            int status,
            @Nullable String user,
            @Nullable String patient,
            @Nullable String eventCode,
            @Nullable String action,
            Instant from,
            Instant to) {}

    private static final List<Client> CLIENTS = clients();
    private static final List<Route> ROUTES = List.of(
            new Route(
                    "FHIR Patient search",
                    8082,
                    CLINICAL,
                    false,
                    s -> "/fhir/Patient?identifier=" + enc(s.qualified())),
            new Route("FHIR Patient read", 8082, CLINICAL, true, s -> "/fhir/Patient/" + s.patientId),
            new Route(
                    "FHIR ServiceRequest search",
                    8083,
                    CLINICAL,
                    false,
                    s -> "/fhir/ServiceRequest?identifier=" + s.accession),
            new Route(
                    "FHIR ServiceRequest read",
                    8083,
                    CLINICAL,
                    true,
                    s -> "/fhir/ServiceRequest/" + s.serviceRequestId),
            new Route(
                    "FHIR ImagingStudy search",
                    8084,
                    CLINICAL,
                    false,
                    s -> "/fhir/ImagingStudy?identifier=" + s.accession),
            new Route("FHIR ImagingStudy read", 8084, CLINICAL, true, s -> "/fhir/ImagingStudy/" + s.studyUid),
            new Route(
                    "FHIR DiagnosticReport search",
                    8085,
                    REPORT_READERS,
                    false,
                    s -> "/fhir/DiagnosticReport?patient=" + enc(s.qualified())),
            new Route(
                    "FHIR DiagnosticReport read",
                    8085,
                    REPORT_READERS,
                    true,
                    s -> "/fhir/DiagnosticReport/" + s.diagnosticReportId),
            new Route(
                    "FHIR AuditEvent search",
                    8086,
                    Set.of(AUDITOR),
                    false,
                    s -> "/fhir/AuditEvent?patient=" + enc(s.qualified())),
            new Route("FHIR AuditEvent read", 8086, Set.of(AUDITOR), true, s -> "/fhir/AuditEvent/" + s.auditEventId),
            new Route("QIDO studies", 8084, CLINICAL, false, s -> "/dicomweb/studies?PatientID=" + s.mrn),
            new Route("QIDO series", 8084, CLINICAL, false, s -> "/dicomweb/studies/" + s.studyUid + "/series"),
            new Route(
                    "QIDO instances",
                    8084,
                    CLINICAL,
                    false,
                    s -> "/dicomweb/studies/" + s.studyUid + "/series/" + s.seriesUid + "/instances"),
            new Route("WADO metadata", 8084, CLINICAL, true, s -> "/dicomweb/studies/" + s.studyUid + "/metadata"),
            new Route(
                    "WADO instance",
                    8084,
                    CLINICAL,
                    true,
                    s -> "/dicomweb/studies/" + s.studyUid + "/series/" + s.seriesUid + "/instances/" + s.sopUid),
            new Route(
                    "worklist steps",
                    8083,
                    WORKLIST_READERS,
                    false,
                    s -> "/api/worklist/steps?accession=" + s.accession),
            new Route("worklist step read", 8083, WORKLIST_READERS, true, s -> "/api/worklist/steps/" + s.stepId),
            new Route("reports", 8085, REPORT_READERS, false, s -> "/api/reports?accession=" + s.accession),
            new Route("report read", 8085, REPORT_READERS, true, s -> "/api/reports/" + s.reportId),
            new Route(
                    "hl7 messages",
                    8081,
                    Set.of(ADMIN, INTEGRATION),
                    false,
                    s -> "/api/hl7/messages?controlId=" + s.ormControlId),
            new Route(
                    "hl7 message read",
                    8081,
                    Set.of(ADMIN, INTEGRATION),
                    true,
                    s -> "/api/hl7/messages/" + s.messageId),
            new Route("patients (identity)", 8082, Set.of(ADMIN), true, s -> "/api/patients/identities/" + s.euid),
            new Route("studies reconciliation", 8084, Set.of(ADMIN), false, s -> "/api/studies/reconciliation"),
            new Route(
                    "audit events",
                    8086,
                    Set.of(AUDITOR),
                    false,
                    s -> "/api/audit/events?patient=" + enc(s.qualified())));

    private static List<Client> clients() {
        List<Client> all = new ArrayList<>();
        all.add(new Client("(no token)", null, null));
        for (String role : List.of(ADMIN, RADIOLOGIST, TECHNOLOGIST, CLINICIAN, AUDITOR, INTEGRATION)) {
            all.add(new Client("dev-" + role, role, null));
        }
        for (String role : List.of(RADIOLOGIST, TECHNOLOGIST, CLINICIAN, INTEGRATION)) {
            all.add(new Client("dev-" + role + "-genhosp", role, "GENHOSP"));
            all.add(new Client("dev-" + role + "-northclinic", role, "NORTHCLINIC"));
        }
        return all;
    }

    @BeforeAll
    static void registerTwoSites() throws Exception {
        for (Client client : CLIENTS) {
            if (client.role() != null) {
                tokens.put(client.id(), platform.token(client.id()));
            }
        }
        for (String code : List.of("GENHOSP", "NORTHCLINIC")) {
            Site site = new Site(code);
            sites.put(code, site);
            registerOrderImageAndReport(site);
        }
    }

    /**
     * A04 and ORM over MLLP; the modality's MWL C-FIND, MPPS N-CREATE, C-STORE and MPPS N-SET (each an access of
     * T10); the report written and signed; then the identifiers each route needs, as an admin and the auditor read
     * them.
     */
    private static void registerOrderImageAndReport(Site site) throws Exception {
        String prefix = "AA-" + site.code.substring(0, 2) + "-" + RUN;
        assertAccepted(platform.sendHl7(site.person(Platform.sample("adt_a04_register.hl7"))
                .replace("GENHOSP", site.code)
                .replace("MRN100001", site.mrn)
                .replace("MSG-A04-0001", prefix + "-A04")));
        assertAccepted(platform.sendHl7(site.person(Platform.sample("orm_o01_new_ct.hl7"))
                .replace("GENHOSP", site.code)
                .replace("MRN100001", site.mrn)
                .replace("ACC-9001", site.accession)
                .replace("PO-5001", "PO-" + prefix)
                .replace("FO-7001", "FO-" + prefix)
                .replace("MSG-ORM-0001", site.ormControlId)
                .replace("1.2.826.0.1.3680043.10.1234.1.9001", site.studyUid)));
        String admin = tokens.get("dev-admin");
        JsonNode step = await(
                "the order's worklist step", () -> first(admin, "/api/worklist/steps?accession=" + site.accession));
        site.stepId = step.path("id").asString();

        Instant findStart = Instant.now();
        List<String> entries = Dcmtk.worklist(site.accession, "0010,0020", "0020,000D");
        assertThat(entries).as("findscu -W finds the order").hasSize(1);
        dimse("MWL C-FIND " + site.code, site, "110112", "E", findStart);

        ModalitySimulator modality =
                new ModalitySimulator(site.code.substring(0, 2) + "_CT1", 11113, 11112, Clock.systemUTC());
        Instant createStart = Instant.now();
        String mpps = modality.startProcedure(
                new ModalitySimulator.Scheduled(site.accession, site.studyUid, site.mrn, site.name));
        dimse("MPPS N-CREATE " + site.code, site, "110111", "C", createStart);

        Path image = Dcmtk.jpegInstance(
                Dcmtk.grayJpeg(48),
                files.resolve(site.code + ".dcm"),
                "PatientID=" + site.mrn,
                "IssuerOfPatientID=" + site.code,
                "PatientName=" + site.name,
                "StudyInstanceUID=" + site.studyUid,
                "AccessionNumber=" + site.accession,
                "StudyDate=20261203");
        Instant storeStart = Instant.now();
        Dcmtk.storescu("-xy", image);
        dimse("C-STORE " + site.code, site, "110104", "C", storeStart);
        site.seriesUid = dicomValue(image, "0020,000e");
        site.sopUid = dicomValue(image, "0008,0018");

        Instant setStart = Instant.now();
        modality.completeProcedure(mpps, site.seriesUid);
        dimse("MPPS N-SET " + site.code, site, "110111", "U", setStart);

        await("the study over QIDO", () -> first(admin, "/dicomweb/studies?PatientID=" + site.mrn));
        String radiologist = tokens.get("dev-radiologist");
        JsonNode created = await("the report created", () -> {
            HttpResponse<String> answer = platform.post(
                    "/api/reports",
                    "{\"accessionNumber\": \"" + site.accession + "\", \"text\": \"IMPRESSION: Normal.\"}",
                    radiologist);
            return answer.statusCode() == 201 ? Optional.of(json.readTree(answer.body())) : Optional.empty();
        });
        site.reportId = created.path("id").asString();
        HttpResponse<String> finalized =
                platform.post("/api/reports/" + site.reportId + "/finalize", null, radiologist);
        assertThat(finalized.statusCode()).as(finalized.body()).isEqualTo(200);

        JsonNode patient =
                await("the FHIR Patient", () -> entry(admin, "/fhir/Patient?identifier=" + enc(site.qualified())));
        site.patientId = patient.path("id").asString();
        patient.path("identifier").forEach(identifier -> {
            if ("urn:isthmus:euid".equals(identifier.path("system").asString(""))) {
                site.euid = identifier.path("value").asString();
            }
        });
        site.serviceRequestId = await(
                        "the FHIR ServiceRequest",
                        () -> entry(admin, "/fhir/ServiceRequest?identifier=" + site.accession))
                .path("id")
                .asString();
        site.diagnosticReportId = await(
                        "the FHIR DiagnosticReport",
                        () -> entry(admin, "/fhir/DiagnosticReport?patient=" + enc(site.qualified())))
                .path("id")
                .asString();
        site.messageId = await("the stored ORM", () -> first(admin, "/api/hl7/messages?controlId=" + site.ormControlId))
                .path("id")
                .asString();
        site.auditEventId = await(
                        "an AuditEvent of the patient",
                        () -> entry(
                                tokens.get("dev-auditor"),
                                "/fhir/AuditEvent?patient=" + enc(site.qualified()) + "&_count=1"))
                .path("id")
                .asString();
        log.info(
                "site {}: patient {} (Patient/{}, EUID {}), accession {}, study {}, report {}",
                site.code,
                site.mrn,
                site.patientId,
                site.euid,
                site.accession,
                site.studyUid,
                site.reportId);
    }

    @Test
    @Order(1)
    void everyClientGetsWhatTheAccessMatrixSaysAtTheGatewayAndAtEachService() throws Exception {
        List<String> wrong = new ArrayList<>();
        Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
        Site genhosp = sites.get("GENHOSP");
        for (Route route : ROUTES) {
            Map<String, String> row = new LinkedHashMap<>();
            matrix.put(route.name(), row);
            for (Client client : CLIENTS) {
                List<String> cell = new ArrayList<>();
                if (client.site() == null) {
                    cell.add(verdict(client, route, genhosp, false, wrong));
                } else {
                    Site own = sites.get(client.site());
                    Site other = sites.values().stream()
                            .filter(site -> site != own)
                            .findFirst()
                            .orElseThrow();
                    cell.add(verdict(client, route, own, false, wrong));
                    if (route.roles().contains(client.role())) {
                        cell.add("other " + verdict(client, route, other, true, wrong));
                    }
                }
                row.put(client.id(), String.join(", ", cell));
            }
        }
        printMatrix(matrix);
        assertThat(wrong)
                .as("answers that differ from docs/security.md's matrix or leak the other site (%d calls)", calls.get())
                .isEmpty();
    }

    /**
     * The answer of one client on one route for one site's data, through the gateway and at the service's own port:
     * {@code ✓} when allowed and answered, else the status; a mismatch is added to {@code wrong}.
     */
    private static String verdict(Client client, Route route, Site site, boolean otherSite, List<String> wrong)
            throws Exception {
        String path = route.path().apply(site);
        String token = client.role() == null ? null : tokens.get(client.id());
        List<String> answers = new ArrayList<>();
        for (String base : List.of(Platform.GATEWAY, "http://localhost:" + route.port())) {
            boolean gateway = base.equals(Platform.GATEWAY);
            String correlationId = "aa-" + RUN + "-" + calls.incrementAndGet();
            Instant before = Instant.now();
            HttpResponse<String> answer = platform.send(
                    base,
                    "GET",
                    path,
                    token,
                    correlationId,
                    null,
                    "Accept",
                    route.name().equals("WADO instance") ? "multipart/related; type=\"application/dicom\"" : "*/*");
            int status = answer.statusCode();
            String where = (gateway ? "gateway" : "service :" + route.port()) + " " + client.id() + " GET " + path;
            String expected;
            boolean ok;
            if (client.role() == null) {
                expected = "401";
                ok = status == 401;
            } else if (!route.roles().contains(client.role())) {
                expected = "403";
                ok = status == 403;
            } else if (otherSite && route.read()) {
                expected = "404 or 403 (another site's record)";
                ok = status == 404 || status == 403;
            } else if (otherSite) {
                expected = "an answer without the other site's identifiers";
                ok = (status == 200 || status == 204 || status == 404) && !leaks(answer.body(), site);
            } else if (route.name().contains("reconciliation")) {
                expected = "200";
                ok = status == 200;
            } else {
                expected = "200 showing the site's own record";
                ok = status == 200 && leaks(answer.body(), site);
            }
            if (!ok) {
                wrong.add(where + ": expected " + expected + ", got " + status + " " + abbreviate(answer.body()));
            }
            String correlationBack =
                    answer.headers().firstValue("X-Correlation-Id").orElse("");
            if (!correlationId.equals(correlationBack)) {
                wrong.add(where + ": X-Correlation-Id " + correlationId + " came back as '" + correlationBack + "'");
            }
            // every call counts, refusals of a service's own chain too (each is a Security Alert there)
            accesses.add(new Access(
                    where + " -> " + status,
                    correlationId,
                    status,
                    client.role() == null ? null : client.id(),
                    status == 200
                                    && !otherSite
                                    && route.port() != 8086
                                    && !route.name().contains("reconciliation")
                            ? site.code
                            : null,
                    null,
                    null,
                    before,
                    Instant.now()));
            answers.add(ok ? (status == 200 ? "✓" : Integer.toString(status)) : "✗" + status);
        }
        return answers.get(0).equals(answers.get(1))
                ? answers.get(0)
                : "gw " + answers.get(0) + " svc " + answers.get(1);
    }

    /** Whether an answer names the site's patient, order or images (a FHIR Bundle: in its entries). */
    private static boolean leaks(String body, Site site) {
        String searched = body;
        if (body.startsWith("{") && body.contains("\"resourceType\":\"Bundle\"")) {
            searched = json.readTree(body).path("entry").toString();
        }
        for (String identifier : site.identifiers()) {
            if (searched.contains(identifier)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Order(2)
    void staleForgedAndForeignTokensGet401AtTheGatewayAndAtEveryService() throws Exception {
        Path keyFile =
                SharedStack.stack().dataDirectory().resolve("auth-server").resolve("signing-key.jwk.json");
        assertThat(keyFile)
                .as("the stack's signing key, to mint an expired token with")
                .exists();
        JsonNode key = json.readTree(Files.readString(keyFile));
        String real = tokens.get("dev-admin");
        String[] parts = real.split("\\.");
        ObjectNode header = (ObjectNode) json.readTree(Base64.getUrlDecoder().decode(parts[0]));
        ObjectNode claims = (ObjectNode) json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        long now = Instant.now().getEpochSecond();

        Map<String, String> forged = new LinkedHashMap<>();
        ObjectNode expired = claims.deepCopy();
        expired.put("iat", now - 7200).put("nbf", now - 7200).put("exp", now - 3600);
        forged.put("expired", rs256(header, expired, key));
        ObjectNode foreign = claims.deepCopy();
        foreign.put("aud", "some-other-api");
        forged.put("wrong audience", rs256(header, foreign, key));
        ObjectNode none = json.createObjectNode().put("alg", "none").put("typ", "JWT");
        forged.put("alg=none", b64(none.toString()) + "." + parts[1] + ".");
        forged.put("tampered signature", parts[0] + "." + parts[1] + "." + flip(parts[2]));
        String[] clinician = tokens.get("dev-clinician").split("\\.");
        ObjectNode raised = (ObjectNode) json.readTree(Base64.getUrlDecoder().decode(clinician[1]));
        raised.putArray("roles").add(ADMIN);
        forged.put("roles raised, signature kept", clinician[0] + "." + b64(raised.toString()) + "." + clinician[2]);
        ObjectNode hmac = json.createObjectNode().put("alg", "HS256").put("typ", "JWT");
        String signingInput = b64(hmac.toString()) + "." + parts[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKeyPem(key).getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        forged.put(
                "HS256 with the public key",
                signingInput + "."
                        + Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII))));

        Site site = sites.get("GENHOSP");
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put(Platform.GATEWAY, "/fhir/Patient?identifier=" + enc(site.qualified()));
        targets.put("http://localhost:8081", "/api/hl7/messages?controlId=" + site.ormControlId);
        targets.put("http://localhost:8082", "/fhir/Patient?identifier=" + enc(site.qualified()));
        targets.put("http://localhost:8083", "/api/worklist/steps?accession=" + site.accession);
        targets.put("http://localhost:8084", "/dicomweb/studies?PatientID=" + site.mrn);
        targets.put("http://localhost:8085", "/api/reports?accession=" + site.accession);
        targets.put("http://localhost:8086", "/api/audit/events?patient=" + enc(site.qualified()));

        List<String> wrong = new ArrayList<>();
        for (var target : targets.entrySet()) {
            HttpResponse<String> control = platform.send(target.getKey(), "GET", target.getValue(), real, null, null);
            assertThat(control.statusCode())
                    .as("the real admin token at %s", target.getKey())
                    .isNotEqualTo(401);
            for (var token : forged.entrySet()) {
                String correlationId = "aa-" + RUN + "-" + calls.incrementAndGet();
                Instant before = Instant.now();
                int status = platform.send(
                                target.getKey(), "GET", target.getValue(), token.getValue(), correlationId, null)
                        .statusCode();
                String where = target.getKey() + target.getValue() + " with a token " + token.getKey();
                log.info("FIGURE T11 forged token: {} -> {}", where, status);
                if (status != 401) {
                    wrong.add(where + ": " + status);
                }
                accesses.add(new Access(
                        where + " -> " + status, correlationId, status, null, null, null, null, before, Instant.now()));
            }
        }
        assertThat(wrong).as("forged or stale tokens not answered 401").isEmpty();
    }

    @Test
    @Order(3)
    void anOversizedBodyGets413AndUnboundedQueriesAreCapped() throws Exception {
        String radiologist = tokens.get("dev-radiologist");
        String huge = "{\"accessionNumber\": \"" + sites.get("GENHOSP").accession + "\", \"text\": \""
                + "x".repeat(11 * 1024 * 1024) + "\"}";
        String correlationId = "aa-" + RUN + "-" + calls.incrementAndGet();
        Instant before = Instant.now();
        HttpResponse<String> atGateway =
                platform.send(Platform.GATEWAY, "POST", "/api/reports", radiologist, correlationId, huge);
        accesses.add(new Access(
                "gateway POST /api/reports (11 MB) -> " + atGateway.statusCode(),
                correlationId,
                atGateway.statusCode(),
                "dev-radiologist",
                null,
                null,
                null,
                before,
                Instant.now()));
        HttpResponse<String> atService = platform.send(
                "http://localhost:8085",
                "POST",
                "/api/reports",
                radiologist,
                "aa-" + RUN + "-" + calls.incrementAndGet(),
                huge);
        log.info(
                "FIGURE T11 11 MB report body: gateway {} , report-service directly {} {}",
                atGateway.statusCode(),
                atService.statusCode(),
                abbreviate(atService.body()));
        assertThat(atGateway.statusCode()).as(abbreviate(atGateway.body())).isEqualTo(413);
        assertThat(atService.statusCode()).as("report-service itself").isNotIn(201, 500);

        String admin = tokens.get("dev-admin");
        List<String> wrong = new ArrayList<>();
        for (String base : List.of(Platform.GATEWAY, "http://localhost:8084")) {
            HttpResponse<String> unbounded = platform.send(base, "GET", "/dicomweb/studies", admin, null, null);
            HttpResponse<String> huger =
                    platform.send(base, "GET", "/dicomweb/studies?limit=100000", admin, null, null);
            log.info(
                    "FIGURE T11 QIDO at {}: no limit -> {} with {} studies; limit=100000 -> {} with {} studies, Warning: {}",
                    base,
                    unbounded.statusCode(),
                    json.readTree(unbounded.body()).size(),
                    huger.statusCode(),
                    json.readTree(huger.body()).size(),
                    huger.headers().firstValue("Warning").orElse("(none)"));
            if (unbounded.statusCode() != 200 || json.readTree(unbounded.body()).size() > 100) {
                wrong.add(base + " QIDO without limit: " + unbounded.statusCode());
            }
            if (huger.statusCode() != 200
                    || json.readTree(huger.body()).size() > 1000
                    || !huger.headers().firstValue("Warning").orElse("").contains("exceeds the maximum")) {
                wrong.add(base + " QIDO limit=100000 not capped with a Warning: " + huger.statusCode() + " "
                        + huger.headers().map());
            }
        }
        Map<String, String> others = new LinkedHashMap<>();
        others.put("/api/worklist/steps?limit=100000", admin);
        others.put("/api/reports?limit=100000", admin);
        others.put("/api/hl7/messages?limit=100000", admin);
        others.put("/fhir/Patient?family=DOE&_count=100000", admin);
        others.put("/api/audit/events?limit=100000", tokens.get("dev-auditor"));
        for (var other : others.entrySet()) {
            HttpResponse<String> answer = platform.get(other.getKey(), other.getValue());
            log.info(
                    "FIGURE T11 unbounded {} -> {} {}", other.getKey(), answer.statusCode(), abbreviate(answer.body()));
            if (answer.statusCode() != 400 && answer.statusCode() != 200) {
                wrong.add(other.getKey() + ": " + answer.statusCode());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @Order(4)
    void everyAccessLeavesExactlyOneAuditRecordWithWhoWhatWhenWhereAndOutcome() throws Exception {
        String auditor = tokens.get("dev-auditor");
        Map<Access, List<JsonNode>> found = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<Access> pending = new ArrayList<>(accesses);
        while (!pending.isEmpty()) {
            List<Access> still = new ArrayList<>();
            for (Access access : pending) {
                List<JsonNode> records = records(access, auditor);
                found.put(access, records);
                if (records.isEmpty()) {
                    still.add(access);
                }
            }
            pending = still;
            if (pending.isEmpty() || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(500);
        }
        // records of one call arrive together; one more look catches any second record of a call
        for (Access access : accesses) {
            if (!found.get(access).isEmpty()) {
                found.put(access, records(access, auditor));
            }
        }
        List<String> problems = new ArrayList<>();
        int audited = 0;
        for (Access access : accesses) {
            List<JsonNode> records = found.get(access);
            if (records.size() != 1) {
                problems.add(records.size() + " records: " + access.what());
                continue;
            }
            List<String> missing = missingFields(access, records.getFirst());
            if (missing.isEmpty()) {
                audited++;
            } else {
                problems.add("record without " + missing + ": " + access.what());
            }
        }
        System.out.printf(
                "%nT10 audit coverage: %d audited accesses / %d accesses made (%.1f%%)%n",
                audited, accesses.size(), 100.0 * audited / Math.max(1, accesses.size()));
        problems.forEach(problem -> System.out.println("  not exactly one complete record: " + problem));
        assertThat(problems)
                .as("accesses without exactly one complete audit record (%d of %d)", problems.size(), accesses.size())
                .isEmpty();
    }

    /** The audit records of an access: by correlation id, or for DIMSE by event, action, patient and time. */
    private static List<JsonNode> records(Access access, String auditor) throws Exception {
        String query;
        if (access.correlationId() != null) {
            query = "correlation=" + access.correlationId();
        } else {
            query = "patient=" + enc(access.patient()) + "&event=" + access.eventCode() + "&action=" + access.action()
                    + "&from=" + access.from().minusSeconds(1) + "&to="
                    + access.to().plusSeconds(1);
        }
        HttpResponse<String> answer = platform.get("/api/audit/events?limit=50&" + query, auditor);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> records = new ArrayList<>();
        json.readTree(answer.body()).path("events").forEach(record -> {
            boolean http = record.path("eventTypes").toString().contains("\"codingSystem\":\"HTTP\"");
            // the gateway's burst alert rides on the request that crossed its threshold: an alert about the caller,
            // not a second record of that access
            boolean burst = record.path("eventTypes").toString().contains("\"refusal-burst\"");
            if ((access.correlationId() != null || !http) && !burst) {
                records.add(record);
            }
        });
        return records;
    }

    /** What of who, what, when, where and outcome a record lacks. */
    private static List<String> missingFields(Access access, JsonNode record) {
        List<String> missing = new ArrayList<>();
        if (record.path("event").path("code").asString("").isBlank()) {
            missing.add("event code");
        }
        if (record.path("action").asString("").isBlank()) {
            missing.add("action");
        }
        if (!record.path("occurredAt").asString("").endsWith("Z")) {
            missing.add("UTC time");
        }
        if (record.path("outcome").isMissingNode() || record.path("outcome").isNull()) {
            missing.add("outcome");
        }
        JsonNode requestor = null;
        for (JsonNode participant : record.path("participants")) {
            if (participant.path("requestor").asBoolean(false)) {
                requestor = participant;
            }
        }
        if (requestor == null || requestor.path("userId").asString("").isBlank()) {
            missing.add("user");
        } else if (access.user() != null
                && !requestor.path("userId").asString("").equals(access.user())) {
            missing.add("user " + access.user() + " (has "
                    + requestor.path("userId").asString() + ")");
        }
        if (requestor == null
                || requestor.path("networkAccessPoint").asString("").isBlank()) {
            missing.add("source address");
        }
        if (access.correlationId() != null
                && !access.correlationId().equals(record.path("correlationId").asString(""))) {
            missing.add("correlationId");
        }
        if (access.patient() != null) {
            Site site = sites.get(access.patient());
            String objects = record.path("objects").toString();
            if (site != null && site.identifiers().stream().noneMatch(objects::contains)) {
                missing.add("patient or study");
            }
        }
        return missing;
    }

    private static void dimse(String what, Site site, String eventCode, String action, Instant from) {
        accesses.add(new Access(what, null, 0, null, site.qualified(), eventCode, action, from, Instant.now()));
    }

    private static void printMatrix(Map<String, Map<String, String>> matrix) {
        StringBuilder table = new StringBuilder("\nT11 access matrix (✓ allowed and answered; 401/403/404 as"
                + " expected; ✗ = not as docs/security.md says; gw = gateway, svc = the service's own port;"
                + " other = the other site's data)\n");
        List<String> columns = CLIENTS.stream().map(Client::id).toList();
        table.append("| route | ").append(String.join(" | ", columns)).append(" |\n");
        table.append("|---".repeat(columns.size() + 1)).append("|\n");
        matrix.forEach((route, row) -> {
            table.append("| ").append(route);
            columns.forEach(column -> table.append(" | ").append(row.get(column)));
            table.append(" |\n");
        });
        System.out.println(table);
    }

    private static String rs256(JsonNode header, JsonNode claims, JsonNode jwk) throws Exception {
        String input = b64(header.toString()) + "." + b64(claims.toString());
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateCrtKeySpec(
                        big(jwk, "n"),
                        big(jwk, "e"),
                        big(jwk, "d"),
                        big(jwk, "p"),
                        big(jwk, "q"),
                        big(jwk, "dp"),
                        big(jwk, "dq"),
                        big(jwk, "qi")));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    }

    private static String publicKeyPem(JsonNode jwk) throws Exception {
        byte[] encoded = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(big(jwk, "n"), big(jwk, "e")))
                .getEncoded();
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(encoded)
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static BigInteger big(JsonNode jwk, String name) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path(name).asString()));
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String flip(String signature) {
        char last = signature.charAt(signature.length() / 2);
        return signature.substring(0, signature.length() / 2)
                + (last == 'A' ? 'B' : 'A')
                + signature.substring(signature.length() / 2 + 1);
    }

    private static String dicomValue(Path file, String tag) throws Exception {
        return Dcmtk.run("dcmdump", "+P", tag, "-s", file.toString())
                .replaceAll("(?s).*\\[([^\\]]*)\\].*", "$1")
                .strip();
    }

    /** The first element of a JSON array answered 200, if any. */
    private static Optional<JsonNode> first(String token, String path) throws Exception {
        HttpResponse<String> answer = platform.get(path, token);
        JsonNode list = answer.statusCode() == 200 ? json.readTree(answer.body()) : null;
        return list != null && list.isArray() && !list.isEmpty() ? Optional.of(list.get(0)) : Optional.empty();
    }

    /** The first resource of a FHIR searchset answered 200, if any. */
    private static Optional<JsonNode> entry(String token, String path) throws Exception {
        HttpResponse<String> answer = platform.get(path, token);
        JsonNode bundle = answer.statusCode() == 200 ? json.readTree(answer.body()) : null;
        return bundle != null && bundle.path("entry").size() > 0
                ? Optional.of(bundle.path("entry").get(0).path("resource"))
                : Optional.empty();
    }

    private static String enc(@Nullable String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    private static void assertAccepted(ca.uhn.hl7v2.model.Message ack) throws Exception {
        assertThat(Platform.field(ack, "/MSA-1")).isEqualTo("AA");
    }

    private static <T> T await(String what, Await.Condition<T> condition) throws Exception {
        return Await.until(what, WAIT, condition);
    }
}
