package health.isthmus.systemtests;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a hospital's systems see of the running platform: the token endpoint, the gateway and MLLP. */
final class Platform {

    static final String GATEWAY = "http://localhost:8080";
    static final String AUTH = "http://localhost:9000";
    static final int MLLP_PORT = 2575;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final HapiContext hl7 = new DefaultHapiContext(ValidationContextFactory.noValidation());

    /** A client_credentials token of a development client. */
    String token(String clientId) throws IOException, InterruptedException {
        String basic = Base64.getEncoder()
                .encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(AUTH + "/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token request failed: " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).get("access_token").asString();
    }

    /** GET through the gateway. */
    HttpResponse<String> get(String path, @Nullable String token) throws IOException, InterruptedException {
        return send(GATEWAY, "GET", path, token, null, null);
    }

    /** POST of a JSON body (or none) through the gateway. */
    HttpResponse<String> post(String path, @Nullable String body, String token)
            throws IOException, InterruptedException {
        return send(GATEWAY, "POST", path, token, null, body);
    }

    /**
     * A request to the gateway or to a service's own port ({@code http://localhost:8084}), with a token and an
     * {@code X-Correlation-Id} when given; a body is sent as JSON. Further headers as name, value pairs.
     */
    HttpResponse<String> send(
            String base,
            String method,
            String path,
            @Nullable String token,
            @Nullable String correlationId,
            @Nullable String body,
            String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The searchset Bundle of {@code GET /fhir/Patient?identifier=...} through the gateway. */
    JsonNode patientsByIdentifier(String identifier, String token) throws IOException, InterruptedException {
        HttpResponse<String> response =
                get("/fhir/Patient?identifier=" + URLEncoder.encode(identifier, StandardCharsets.UTF_8), token);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("FHIR search failed: " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body());
    }

    /** Sends a message with HAPI's MLLP client, as a HIS would, and returns the acknowledgment. */
    Message sendHl7(String message) throws Exception {
        Message parsed = hl7.getPipeParser().parse(message);
        Connection connection = hl7.newClient("localhost", MLLP_PORT, false);
        try {
            return connection.getInitiator().sendAndReceive(parsed);
        } finally {
            connection.close();
        }
    }

    /** A field of a message, by Terser path ({@code /MSA-1}). */
    static String field(Message message, String path) throws Exception {
        return new Terser(message).get(path);
    }

    /** A synthetic sample of ../shared/testdata/hl7 (copied into this module's test resources). */
    static String sample(String name) throws IOException {
        try (var in = Platform.class.getResourceAsStream("/hl7/" + name)) {
            if (in == null) {
                throw new IOException("missing sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
