package health.isthmus.launcher.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's HTTP side, as a viewer or a clinical app sees the platform: development clients' tokens from the
 * auth-server (client credentials), then requests through the gateway with the token.
 */
final class PlatformHttp implements AutoCloseable {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, String> tokens = new HashMap<>();
    private final int gatewayPort;
    private final int authPort;

    /** An answer: its status and its body, parsed when it is JSON. */
    record Answer(int status, String body, @Nullable JsonNode json) {}

    PlatformHttp(int gatewayPort, int authPort) {
        this.gatewayPort = gatewayPort;
        this.authPort = authPort;
    }

    Answer get(String path, String client, String accept) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(gateway(path)).header("Accept", accept).GET(), client);
    }

    Answer post(String path, String client, @Nullable String body) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(gateway(path))
                        .header("Content-Type", "application/json")
                        .POST(
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body)),
                client);
    }

    /** A JSON object holding the given string fields. */
    String object(Map<String, String> fields) {
        return json.writeValueAsString(fields);
    }

    private Answer send(HttpRequest.Builder request, String client) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request.header("Authorization", "Bearer " + token(client))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode body = type.contains("json") && !response.body().isBlank() ? json.readTree(response.body()) : null;
        return new Answer(response.statusCode(), response.body(), body);
    }

    /** A token of the development client (its secret is {@code <client>-secret}, as the README says). */
    private String token(String client) throws IOException, InterruptedException {
        String cached = tokens.get(client);
        if (cached != null) {
            return cached;
        }
        String basic = Base64.getEncoder()
                .encodeToString((client + ":" + client + "-secret").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + authPort + "/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=" + URLEncoder.encode("client_credentials", StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the auth-server gave " + client + " no token: HTTP " + response.statusCode());
        }
        String token = json.readTree(response.body()).path("access_token").asString();
        tokens.put(client, token);
        return token;
    }

    private URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    @Override
    public void close() {
        http.close();
    }
}
