package health.isthmus.report;

import static health.isthmus.report.ReportClient.mrn;
import static health.isthmus.report.ReportClient.radiologist;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HIS's listener is down for a whole minute while a final report waits (issue 8): the delivery is tried again
 * and again with a growing backoff, stays {@code pending} with the connection error, and once the listener is back
 * the ORU arrives exactly once and the delivery ends {@code delivered}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class HisOutageIT {

    private static final int HIS_PORT = LoopbackPorts.free();
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void his(DynamicPropertyRegistry registry) {
        registry.add("isthmus.report.delivery.default-endpoint", () -> "127.0.0.1:" + HIS_PORT);
        registry.add("isthmus.report.delivery.initial-backoff", () -> "1s");
        registry.add("isthmus.report.delivery.max-backoff", () -> "8s");
        registry.add("isthmus.report.delivery.max-attempts", () -> "20");
        registry.add("isthmus.report.delivery.ack-timeout", () -> "3s");
        registry.add("isthmus.report.delivery.poll-interval", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aMinuteWithoutTheHisEndsInOneDeliveryWhenItIsBack() throws Exception {
        try (ReportClient client = new ReportClient(port, json);
                TestHis his = new TestHis(HIS_PORT)) {
            client.send(Hl7Topics.ORDER, ReportClient.order("GENHOSP", "ACC-OUT1", mrn("MRN400001")));
            awaitOrder("ACC-OUT1");
            HttpResponse<String> created = client.post(
                    "/api/reports",
                    "{\"accessionNumber\": \"ACC-OUT1\", \"text\": \"IMPRESSION: Normal.\"}",
                    radiologist());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long id = client.read(created).get("id").asLong();
            Instant down = Instant.now();
            assertThat(client.post("/api/reports/" + id + "/finalize", null, radiologist())
                            .statusCode())
                    .isEqualTo(200);

            Thread.sleep(OUTAGE.minus(Duration.between(down, Instant.now())).toMillis());
            JsonNode during = client.read(client.get("/api/reports/" + id, radiologist()));
            JsonNode delivery = during.get("deliveries").get(0);
            assertThat(during.get("deliveryState").asString()).isEqualTo("pending");
            assertThat(delivery.get("attempts").asInt())
                    .as("tried again during the minute, the backoff growing to 8 s")
                    .isBetween(5, 19);
            assertThat(delivery.get("lastError").asString()).contains("no acknowledgment");

            his.start();
            JsonNode delivered = client.awaitReport(
                    id, r -> "delivered".equals(r.get("deliveryState").asString()));
            assertThat(delivered.get("deliveryState").asString()).isEqualTo("delivered");
            Thread.sleep(1000);
            assertThat(his.receivedFor("ACC-OUT1")).as("delivered once").hasSize(1);
        }
    }

    private void awaitOrder(String accession) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (jdbc.sql("select count(*) from report_order where accession_number = ?")
                            .param(accession)
                            .query(Integer.class)
                            .single()
                    > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("order " + accession + " never arrived");
    }
}
