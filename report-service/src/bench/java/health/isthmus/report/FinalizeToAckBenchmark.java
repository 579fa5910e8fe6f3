package health.isthmus.report;

import static health.isthmus.report.ReportClient.mrn;
import static health.isthmus.report.ReportClient.radiologist;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.process.BenchmarkLock;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Time from finalize to ACK received: the running service (real PostgreSQL, Kafka for the outbox) signs a report
 * through REST and its ORU^R01 goes over MLLP to a HIS listener on loopback (libs/hl7's server, parsing with HAPI and
 * answering AA). Each sample is one report of its own patient, signed after the previous one was delivered; the
 * figure is the service's own {@code delivered_at - signed_at} (both from its clock: committed finalize to parsed
 * ACK, delivery recorded) and, from the client, the finalize call's start to the delivery being visible. Run with
 * {@code -Dit.test=FinalizeToAckBenchmark}; figures go to the log and {@code target/bench-finalize-to-ack.txt}.
 * {@code -Dbench.samples=50}. Measures under the machine's {@link BenchmarkLock}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class FinalizeToAckBenchmark {

    private static final Logger log = LoggerFactory.getLogger(FinalizeToAckBenchmark.class);
    private static final int HIS_PORT = LoopbackPorts.free();

    @DynamicPropertySource
    static void his(DynamicPropertyRegistry registry) {
        registry.add("isthmus.report.delivery.default-endpoint", () -> "127.0.0.1:" + HIS_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Test
    void finalizeToAck() throws Exception {
        int samples = Integer.getInteger("bench.samples", 50);
        int warmup = 5;
        List<Double> service = new ArrayList<>();
        List<Double> client = new ArrayList<>();
        try (ReportClient reports = new ReportClient(port, json);
                TestHis his = new TestHis(HIS_PORT).start()) {
            for (int i = 0; i < samples + warmup; i++) {
                reports.send(Hl7Topics.ORDER, ReportClient.order("GENHOSP", "ACC-B" + i, mrn("MRN9" + i)));
            }
            awaitOrders(samples + warmup);
            try (BenchmarkLock lock = BenchmarkLock.take()) {
                measure(reports, samples, warmup, service, client);
            }
            assertThat(his.receivedFor("ACC-B0")).hasSize(1);
        }
        report(service, client);
    }

    private void measure(ReportClient reports, int samples, int warmup, List<Double> service, List<Double> client)
            throws Exception {
        for (int i = 0; i < samples + warmup; i++) {
            long id = reports.read(reports.post(
                            "/api/reports",
                            "{\"accessionNumber\": \"ACC-B" + i
                                    + "\", \"text\": \"FINDINGS: Clear.\\nIMPRESSION: Normal.\"}",
                            radiologist()))
                    .get("id")
                    .asLong();
            long start = System.nanoTime();
            assertThat(reports.post("/api/reports/" + id + "/finalize", null, radiologist())
                            .statusCode())
                    .isEqualTo(200);
            while (!delivered(id)) {
                Thread.onSpinWait();
            }
            double clientMillis = (System.nanoTime() - start) / 1e6;
            double serviceMillis = jdbc.sql("""
                                select extract(epoch from (d.delivered_at - r.signed_at)) * 1000
                                  from report_delivery d join report r on r.id = d.report_id where r.id = ?
                                """).param(id).query(Double.class).single();
            if (i >= warmup) {
                service.add(serviceMillis);
                client.add(clientMillis);
            }
        }
    }

    private static void report(List<Double> service, List<Double> client) throws IOException {
        String figures = String.format(
                Locale.ROOT,
                "finalize to ACK, %d samples, HIS on loopback%n"
                        + "  service (signed_at -> delivered_at): median %.1f ms, p99 %.1f ms, max %.1f ms%n"
                        + "  client (finalize call -> delivered visible): median %.1f ms, p99 %.1f ms, max %.1f ms%n",
                service.size(),
                percentile(service, 50),
                percentile(service, 99),
                percentile(service, 100),
                percentile(client, 50),
                percentile(client, 99),
                percentile(client, 100));
        log.info("\n{}", figures);
        write(figures);
    }

    private boolean delivered(long id) {
        return jdbc.sql("select count(*) from report_delivery where report_id = ? and state = 'delivered'")
                        .param(id)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    private void awaitOrders(int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (jdbc.sql("select count(*) from report_order where accession_number like 'ACC-B%'")
                                .query(Integer.class)
                                .single()
                        < count
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
    }

    // nearest rank
    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static void write(String figures) throws IOException {
        Files.writeString(Path.of("target", "bench-finalize-to-ack.txt"), figures);
    }
}
