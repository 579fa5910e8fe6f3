package health.isthmus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import health.isthmus.gateway.access.AccessMatrix;
import health.isthmus.gateway.access.AccessRule;
import health.isthmus.testsupport.security.TestIssuer;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every role of the platform against every route and method of the access matrix, with every service replaced by
 * one stub backend. The expectations below are written from the services' own rules (ArchiveAccess,
 * ReportApiAccess, ...), not from the gateway's table, so a row the gateway gets wrong fails here.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "isthmus.gateway.cors.allowed-origin-patterns=http://localhost:[*]",
            "isthmus.gateway.rate-limit.enabled=false"
        })
@WithTestIssuer
class GatewayAccessMatrixIT extends GatewayWithStubServices {

    static final List<String> ROLES =
            List.of("admin", "radiologist", "technologist", "clinician", "auditor", "integration");
    private static final Set<String> VIEWERS =
            Set.of("admin", "radiologist", "technologist", "clinician", "integration");
    private static final Set<String> NOBODY = Set.of();

    /** A request and the roles its service lets through. */
    record Case(String method, String path, Set<String> allowed) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Case> CASES = List.of(
            // patient-identity-service
            new Case("GET", "/fhir/Patient?identifier=GENHOSP%7CMRN100001", VIEWERS),
            new Case("GET", "/fhir/Patient/17", VIEWERS),
            new Case("POST", "/fhir/Patient/$match", VIEWERS),
            new Case("GET", "/api/patients/17", Set.of("admin")),
            new Case("POST", "/api/patients/17/links", Set.of("admin")),
            // hl7-ingest-service
            new Case("GET", "/api/hl7/messages", Set.of("admin", "integration")),
            new Case("POST", "/api/hl7/messages/42/replay", Set.of("admin")),
            // worklist-service
            new Case("GET", "/api/worklist/steps", Set.of("admin", "technologist", "radiologist", "integration")),
            new Case("POST", "/api/worklist/steps", Set.of("admin", "technologist")),
            new Case("POST", "/api/worklist/steps/7/cancel", Set.of("admin", "technologist")),
            new Case("DELETE", "/api/worklist/steps/7", NOBODY),
            new Case("GET", "/fhir/ServiceRequest?identifier=ACC-9001", VIEWERS),
            // dicomweb-service
            new Case("GET", "/dicomweb/studies?PatientID=MRN100001", VIEWERS),
            new Case("GET", "/dicomweb/studies/1.2.3/series/4.5/instances/6.7/frames/1", VIEWERS),
            new Case("POST", "/dicomweb/studies", Set.of("admin", "technologist", "integration")),
            new Case("POST", "/dicomweb/studies/1.2.3", Set.of("admin", "technologist", "integration")),
            new Case("POST", "/dicomweb/studies/1.2.3/series", NOBODY),
            new Case("DELETE", "/dicomweb/studies/1.2.3", NOBODY),
            new Case("GET", "/api/studies/reconciliation", Set.of("admin")),
            new Case("DELETE", "/api/studies/1.2.3", Set.of("admin")),
            new Case("GET", "/fhir/ImagingStudy?identifier=ACC-9001", VIEWERS),
            new Case("POST", "/fhir/ImagingStudy/_search", VIEWERS),
            // report-service
            new Case("GET", "/api/reports/deliveries", Set.of("admin")),
            new Case("POST", "/api/reports/deliveries/9/resend", Set.of("admin")),
            new Case("GET", "/api/reports/refusals", Set.of("admin")),
            new Case("GET", "/api/reports/worklist", Set.of("radiologist", "admin")),
            new Case("GET", "/api/reports/9", Set.of("radiologist", "clinician", "admin", "integration")),
            new Case("POST", "/api/reports", Set.of("radiologist", "integration")),
            new Case("PUT", "/api/reports/9", Set.of("radiologist", "integration")),
            new Case("POST", "/api/reports/9/preliminary", Set.of("radiologist", "integration")),
            new Case("POST", "/api/reports/9/finalize", Set.of("radiologist")),
            new Case("POST", "/api/reports/9/amend", Set.of("radiologist")),
            new Case("POST", "/api/reports/9/cancel", Set.of("radiologist")),
            new Case("DELETE", "/api/reports/9", NOBODY),
            new Case(
                    "GET",
                    "/fhir/DiagnosticReport?identifier=ACC-9001",
                    Set.of("admin", "clinician", "radiologist", "integration")),
            // audit-service
            new Case("GET", "/api/audit/events?patient=MRN100001", Set.of("auditor")),
            new Case("GET", "/api/audit/verify", Set.of("auditor")),
            new Case("GET", "/api/audit/v3/api-docs", Set.copyOf(ROLES)),
            new Case("POST", "/api/audit/events", NOBODY),
            new Case("GET", "/fhir/AuditEvent?patient=MRN100001", Set.of("auditor")),
            new Case("DELETE", "/fhir/AuditEvent/1", NOBODY));

    private final HttpClient http = HttpClient.newHttpClient();

    @TestFactory
    Stream<DynamicTest> everyRoleOnEveryRouteAndMethod() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            for (String role : ROLES) {
                boolean allowed = c.allowed().contains(role);
                tests.add(DynamicTest.dynamicTest(
                        role + " " + c + (allowed ? " reaches the service" : " gets 403"), () -> {
                            BACKEND.reset();
                            HttpResponse<String> response =
                                    send(c.method(), c.path(), TestIssuer.get().token("dev-" + role, role));
                            if (allowed) {
                                assertThat(response.statusCode()).isEqualTo(200);
                                assertThat(response.body()).isEqualTo("from the service");
                                assertThat(BACKEND.calls).hasValue(1);
                                assertThat(BACKEND.received.get("path"))
                                        .isEqualTo(URI.create(c.path()).getRawPath());
                            } else {
                                assertThat(response.statusCode()).isEqualTo(403);
                                assertThat(BACKEND.calls).hasValue(0);
                            }
                        }));
            }
        }
        return tests.stream();
    }

    /** A row added to the matrix without a case here would go untested. */
    @Test
    void everyRowOfTheMatrixDecidesAtLeastOneCase() {
        Set<AccessRule> deciding = new HashSet<>();
        for (Case c : CASES) {
            PathContainer path = PathContainer.parsePath(URI.create(c.path()).getRawPath());
            AccessMatrix.RULES.stream()
                    .filter(rule ->
                            rule.method() == null || rule.method().name().equals(c.method()))
                    .filter(rule -> rule.paths().stream()
                            .anyMatch(pattern -> PathPatternParser.defaultInstance
                                    .parse(pattern)
                                    .matches(path)))
                    .findFirst()
                    .ifPresent(deciding::add);
        }
        assertThat(AccessMatrix.RULES).allSatisfy(rule -> assertThat(deciding).contains(rule));
    }

    @Test
    void everyRouteRefusesARequestWithoutTokenWith401() throws Exception {
        for (Case c : CASES) {
            assertThat(send(c.method(), c.path(), null).statusCode())
                    .as(c.toString())
                    .isEqualTo(401);
        }
        assertThat(BACKEND.calls).hasValue(0);
    }

    @Test
    void aPathNoRouteServesIsNotFound() throws Exception {
        String token = TestIssuer.get().token("dev-admin", "admin");

        HttpResponse<String> unrouted = send("GET", "/api/nothing-here", token);
        assertThat(unrouted.statusCode()).isEqualTo(404);
        assertThat(unrouted.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(unrouted.body()).contains("\"status\":404");
        assertThat(send("GET", "/fhir/Observation", token).statusCode()).isEqualTo(404);
        assertThat(BACKEND.calls).hasValue(0);
    }

    @Test
    void forgedOrStaleTokensAreRefusedWith401() throws Exception {
        TestIssuer issuer = TestIssuer.get();
        String valid = issuer.token("dev-clinician", "clinician");
        String[] parts = valid.split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();

        String unsigned = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        String claimsAdmin = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"clinician\"", "\"admin\"");
        String tampered =
                parts[0] + "." + base64.encodeToString(claimsAdmin.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        Case probe = new Case("GET", "/api/patients/17", Set.of("admin"));
        for (String token : List.of(
                issuer.expiredToken("dev-admin", "admin"),
                issuer.tokenForAudience("other", "dev-admin", "admin"),
                unsigned,
                hmacSignedWithThePublicKey(issuer),
                tampered)) {
            assertThat(send(probe.method(), probe.path(), token).statusCode()).isEqualTo(401);
        }
        assertThat(BACKEND.calls).hasValue(0);
    }

    /** The classic algorithm confusion: HS256 with the issuer's public key as the shared secret. */
    private String hmacSignedWithThePublicKey(TestIssuer issuer) throws Exception {
        String jwks = answer(
                        http,
                        HttpRequest.newBuilder(URI.create(issuer.jwkSetUri())).build())
                .body();
        RSAKey publicKey = (RSAKey) JWKSet.parse(jwks).getKeys().getFirst();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer.issuer())
                .subject("dev-admin")
                .audience("isthmus")
                .claim("roles", List.of("admin"))
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(publicKey.getKeyID())
                        .build(),
                claims);
        jwt.sign(new MACSigner(publicKey.toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }

    HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        method.equals("POST") || method.equals("PUT")
                                ? HttpRequest.BodyPublishers.ofString("{}")
                                : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return answer(http, request.build());
    }
}
