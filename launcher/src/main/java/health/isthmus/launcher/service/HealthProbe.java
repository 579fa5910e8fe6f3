package health.isthmus.launcher.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** Asks a service's {@code /actuator/health} whether it is up (HTTP 200 with {@code "status":"UP"}). */
public final class HealthProbe implements AutoCloseable {

    private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** {@code http://localhost:<port>/actuator/health}. */
    public static URI healthUri(int port) {
        return URI.create("http://localhost:" + port + "/actuator/health");
    }

    /** Completes with true when the service answers healthy, false on any other answer or no answer. */
    public CompletableFuture<Boolean> isUp(int port) {
        HttpRequest request =
                HttpRequest.newBuilder(healthUri(port)).timeout(TIMEOUT).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 200 && isUpBody(response.body()))
                .exceptionally(failure -> false);
    }

    static boolean isUpBody(String body) {
        return UP.matcher(body).find();
    }

    @Override
    public void close() {
        client.close();
    }
}
