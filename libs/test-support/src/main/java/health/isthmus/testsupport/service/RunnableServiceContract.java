package health.isthmus.testsupport.service;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.security.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every Isthmus service shows once started on the platform: it reports health without a token,
 * refuses its API without a valid one, migrates its own schema (its scripts and the platform's outbox
 * and inbox) and exposes Prometheus metrics tagged with its name.
 *
 * <p>Extend it from a {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} test annotated with
 * {@code @WithPostgres}, {@code @WithKafka} and {@code @WithTestIssuer}.
 */
public abstract class RunnableServiceContract {

    private final String apiPath;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient jdbc;

    @Value("${spring.application.name}")
    private String applicationName;

    /** @param apiPath a path of the service's API, for example {@code /api/worklist/steps} */
    protected RunnableServiceContract(String apiPath) {
        this.apiPath = apiPath;
    }

    @Test
    void reportsHealthWithoutAToken() throws Exception {
        HttpResponse<String> response = get("/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void refusesItsApiWithoutAValidToken() throws Exception {
        assertThat(get(apiPath, null).statusCode()).isEqualTo(401);
        assertThat(get(apiPath, TestIssuer.get().expiredToken("dev-admin", "admin"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get(apiPath, TestIssuer.get().token("dev-admin", "admin")).statusCode())
                .isNotIn(401, 500);
    }

    @Test
    void migratesItsOwnSchemaWithThePlatformTables() {
        var tables = jdbc.sql("select table_name from information_schema.tables where table_schema = current_schema()")
                .query(String.class)
                .list();

        assertThat(tables)
                .contains(
                        "flyway_schema_history",
                        "isthmus_platform_schema_history",
                        "outbox_event",
                        "inbox_processed_event");
    }

    @Test
    void exposesMetricsTaggedWithItsName() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("application=\"" + applicationName + "\"");
    }

    private HttpResponse<String> get(String path, @Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
