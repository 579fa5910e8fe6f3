package health.isthmus.auth;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.auth.keys.SigningKeyStore;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.platform.kafka.CloudEventHeaders;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.direct-events.enabled=true")
@ActiveProfiles("standalone")
@ExtendWith(OutputCaptureExtension.class)
@WithKafka
class AuthServerIT {

    private static final String ISSUER = "http://localhost:9000";
    private static final String VIEWER_REDIRECT = "http://localhost:3000/callback";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void keysInATemporaryDataDirectory(DynamicPropertyRegistry registry) {
        registry.add("isthmus.auth.key-directory", () -> keyDirectory().toString());
    }

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void devClientGetsAnRs256AccessTokenWithItsRoleAndTheIsthmusAudience(CapturedOutput output) throws Exception {
        var response = clientCredentials("dev-clinician", "dev-clinician-secret");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = parse(response.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsKey("expires_in");
        String token = (String) body.get("access_token");

        Map<String, Object> header = parse(decodePart(token, 0));
        Map<String, Object> claims = parse(decodePart(token, 1));
        assertThat(header).containsEntry("alg", "RS256").containsEntry("kid", persistedKeyId());
        assertThat(claims)
                .containsEntry("roles", List.of("clinician"))
                .containsEntry("sub", "dev-clinician")
                .containsEntry("iss", ISSUER)
                .doesNotContainKey("sites");
        assertThat(audience(claims)).contains("isthmus", "dev-clinician");

        // what a resource server does: verify the signature against the published JWKS
        Jwt verified =
                NimbusJwtDecoder.withJwkSetUri(url("/oauth2/jwks")).build().decode(token);
        assertThat(verified.getAudience()).contains("isthmus");
        assertThat(verified.getExpiresAt()).isAfter(verified.getIssuedAt());

        assertThat(output).contains("Client dev-clinician authenticated");
    }

    @Test
    void eachDevClientGetsItsOwnRole() throws Exception {
        for (String role : List.of("admin", "radiologist", "technologist", "auditor", "integration")) {
            var response = clientCredentials("dev-" + role, "dev-" + role + "-secret");

            assertThat(response.statusCode()).as(role).isEqualTo(200);
            String token = (String) parse(response.body()).get("access_token");
            assertThat(parse(decodePart(token, 1))).as(role).containsEntry("roles", List.of(role));
        }
    }

    @Test
    void wrongSecretIsRejectedWith401AndLoggedWithoutTheSecret(CapturedOutput output) throws Exception {
        var response = clientCredentials("dev-clinician", "not-the-secret-4711");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(parse(response.body())).containsEntry("error", "invalid_client");
        assertThat(output)
                .contains("Client dev-clinician failed to authenticate: invalid_client")
                .doesNotContain("not-the-secret-4711")
                .doesNotContain("ProviderNotFoundException");
    }

    @Test
    void eachTokenRequestYieldsOneUserAuthenticationRecordWithItsOutcomeAndNoSecret() throws Exception {
        String refused = "login-refused-" + UUID.randomUUID();
        String granted = "login-granted-" + UUID.randomUUID();

        assertThat(clientCredentials("dev-clinician", "not-the-secret-4712", refused)
                        .statusCode())
                .isEqualTo(401);
        assertThat(clientCredentials("dev-clinician", "dev-clinician-secret", granted)
                        .statusCode())
                .isEqualTo(200);

        try (TopicReader audit = new TopicReader(AuditTopics.RECORD)) {
            AuditEventRecorded failure = theOnlyLoginRecord(audit, refused);
            assertThat(failure.outcome()).isEqualTo(AuditOutcome.SERIOUS_FAILURE);
            assertThat(failure.outcomeDescription()).isEqualTo("invalid_client");
            assertThat(failure.participants().getFirst().userId()).isEqualTo("dev-clinician");
            assertThat(failure.participants().getFirst().networkAccessPoint()).isEqualTo("127.0.0.1");
            AuditEventRecorded success = theOnlyLoginRecord(audit, granted);
            assertThat(success.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(success.participants().getFirst().userId()).isEqualTo("dev-clinician");
            assertThat(audit.seen())
                    .allSatisfy(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                            .doesNotContain("not-the-secret-4712")
                            .doesNotContain("dev-clinician-secret"));
        }
    }

    @Test
    void aWrongPasswordAtTheLoginFormYieldsOneFailedUserAuthenticationRecord() throws Exception {
        String correlationId = "login-form-" + UUID.randomUUID();
        var browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
        var loginPage = browser.send(html(url("/login")).build(), HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(loginPage.body());
        assertThat(csrf.find()).isTrue();

        var login = browser.send(
                html(url("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Correlation-Id", correlationId)
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "username", "radiologist", "password", "wrong-password-4713", "_csrf", csrf.group(1)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(location(login)).contains("/login?error");
        try (TopicReader audit = new TopicReader(AuditTopics.RECORD)) {
            AuditEventRecorded failure = theOnlyLoginRecord(audit, correlationId);
            assertThat(failure.outcome()).isEqualTo(AuditOutcome.SERIOUS_FAILURE);
            assertThat(failure.participants().getFirst().userId()).isEqualTo("radiologist");
            assertThat(new String(audit.seen().getLast().value(), StandardCharsets.UTF_8))
                    .doesNotContain("wrong-password-4713");
        }
    }

    private AuditEventRecorded theOnlyLoginRecord(TopicReader audit, String correlationId) {
        Predicate<ConsumerRecord<String, byte[]>> correlated =
                record -> CloudEventHeaders.read(record.headers(), CloudEventHeaders.CORRELATION_ID)
                        .filter(correlationId::equals)
                        .isPresent();
        assertThat(audit.await(correlated, 1, Duration.ofSeconds(20))).hasSize(1);
        List<ConsumerRecord<String, byte[]>> records = audit.await(correlated, 2, Duration.ofSeconds(2));
        assertThat(records).hasSize(1);
        AuditEventRecorded login = json.readValue(records.getFirst().value(), AuditEventRecorded.class);
        assertThat(login.event()).isEqualTo(AuditCodes.USER_AUTHENTICATION);
        assertThat(login.eventTypes()).containsExactly(AuditCodes.LOGIN);
        assertThat(login.source().sourceId()).isEqualTo("auth-server");
        return login;
    }

    @Test
    void jwksPublishesThePublicHalfOfThePersistedKey() throws Exception {
        var response = get("/oauth2/jwks");

        assertThat(response.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        var keys = (List<Map<String, Object>>) parse(response.body()).get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.getFirst())
                .containsEntry("kty", "RSA")
                .containsEntry("kid", persistedKeyId())
                .containsKeys("n", "e")
                .doesNotContainKeys("d", "p", "q");
    }

    @Test
    void discoveryDocumentsNameTheConfiguredIssuer() throws Exception {
        var oidc = get("/.well-known/openid-configuration");
        var oauth = get("/.well-known/oauth-authorization-server");

        assertThat(oidc.statusCode()).isEqualTo(200);
        assertThat(parse(oidc.body()))
                .containsEntry("issuer", ISSUER)
                .containsEntry("jwks_uri", ISSUER + "/oauth2/jwks")
                .containsEntry("token_endpoint", ISSUER + "/oauth2/token");
        assertThat(oauth.statusCode()).isEqualTo(200);
        assertThat(parse(oauth.body())).containsEntry("issuer", ISSUER);
    }

    @Test
    void healthAndPrometheusAreOpenWithoutAToken() throws Exception {
        var health = get("/actuator/health");
        var prometheus = get("/actuator/prometheus");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(parse(health.body())).containsEntry("status", "UP");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void browserUserSignsInWithAuthorizationCodeAndPkceAndGetsTheirRole(CapturedOutput output) throws Exception {
        var browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
        String verifier = randomUrlSafe();
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = url("/oauth2/authorize?"
                + form(Map.of(
                        "response_type", "code",
                        "client_id", "isthmus-viewer",
                        "redirect_uri", VIEWER_REDIRECT,
                        "scope", "openid profile",
                        "state", "s-1",
                        "code_challenge", challenge,
                        "code_challenge_method", "S256")));

        var toLogin = browser.send(html(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(location(toLogin)).endsWith("/login");

        var loginPage = browser.send(html(url("/login")).build(), HttpResponse.BodyHandlers.ofString());
        var csrf = CSRF.matcher(loginPage.body());
        assertThat(csrf.find()).as("login form carries a CSRF token").isTrue();
        var login = browser.send(
                html(url("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                "username", "radiologist",
                                "password", "radiologist-password",
                                "_csrf", csrf.group(1)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(location(login)).contains("/oauth2/authorize");

        var toClient = browser.send(
                html(URI.create(url("/")).resolve(location(login)).toString()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(toClient.statusCode()).isEqualTo(302);
        URI callback = URI.create(location(toClient));
        assertThat(callback.toString()).startsWith(VIEWER_REDIRECT).contains("state=s-1");
        String code = query(callback).get("code");
        assertThat(code).isNotBlank();

        var tokens = http.send(
                post(
                                "/oauth2/token",
                                Map.of(
                                        "grant_type", "authorization_code",
                                        "code", code,
                                        "redirect_uri", VIEWER_REDIRECT,
                                        "client_id", "isthmus-viewer",
                                        "code_verifier", verifier))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(tokens.statusCode()).isEqualTo(200);
        Map<String, Object> body = parse(tokens.body());
        assertThat(body).containsKeys("access_token", "id_token");
        Map<String, Object> claims = parse(decodePart((String) body.get("access_token"), 1));
        assertThat(claims).containsEntry("sub", "radiologist").containsEntry("roles", List.of("radiologist"));
        assertThat(audience(claims)).contains("isthmus", "isthmus-viewer");
        assertThat(output).contains("User radiologist signed in").doesNotContain("radiologist-password");
    }

    @Test
    void viewerWithoutPkceIsRefused() throws Exception {
        String authorize = url("/oauth2/authorize?"
                + form(Map.of(
                        "response_type", "code",
                        "client_id", "isthmus-viewer",
                        "redirect_uri", VIEWER_REDIRECT,
                        "scope", "openid",
                        "state", "s-2")));

        var response = http.send(html(authorize).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(location(response)).startsWith(VIEWER_REDIRECT).contains("error=invalid_request");
    }

    @Test
    void browserOnALoopbackOriginMayCallTheTokenEndpoint() throws Exception {
        var preflight = http.send(
                HttpRequest.newBuilder(URI.create(url("/oauth2/token")))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://localhost:3000")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://localhost:3000");
    }

    private HttpResponse<String> clientCredentials(String clientId, String secret) throws Exception {
        return clientCredentials(clientId, secret, "auth-it-" + UUID.randomUUID());
    }

    private HttpResponse<String> clientCredentials(String clientId, String secret, String correlationId)
            throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(
                post("/oauth2/token", Map.of("grant_type", "client_credentials"))
                        .header("Authorization", "Basic " + basic)
                        .header("X-Correlation-Id", correlationId)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder post(String path, Map<String, String> formFields) {
        return HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(formFields)));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder html(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private Map<String, Object> parse(String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.readValue(body, Map.class);
        return map;
    }

    private static String decodePart(String jwt, int index) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<String> audience(Map<String, Object> claims) {
        Object aud = claims.get("aud");
        return aud instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(aud));
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
    }

    private static String randomUrlSafe() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path keyDirectory() {
        return dataDir.resolve("auth-server");
    }

    private static String persistedKeyId() {
        var store = new SigningKeyStore(keyDirectory());
        assertThat(store.keyFile())
                .as("the server persisted its key in the data directory")
                .exists();
        return store.loadOrCreate().getKeyID();
    }
}
