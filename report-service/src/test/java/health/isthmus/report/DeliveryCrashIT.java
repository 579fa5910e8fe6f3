package health.isthmus.report;

import static health.isthmus.report.ReportClient.mrn;
import static health.isthmus.report.ReportClient.radiologist;
import static health.isthmus.report.TestHis.get;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.events.report.ReportTopics;
import health.isthmus.testsupport.kafka.TestKafka;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.postgres.TestPostgres;
import health.isthmus.testsupport.process.ChildJvm;
import health.isthmus.testsupport.process.LoopbackPorts;
import health.isthmus.testsupport.security.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as it ships ({@code java -jar}) is killed with SIGKILL while it waits for the HIS's acknowledgment of a
 * final report, then started again: the delivery, stored in the database with its try, is sent again (the same
 * message, MSH-10 unchanged, so a HIS that recognises resends files it once) and ends delivered once: one delivered
 * state, one {@code ReportDelivered} event. Uses the test JVM's PostgreSQL (a fresh schema) and Kafka broker.
 */
class DeliveryCrashIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final int httpPort = LoopbackPorts.free();
    private final int hisPort = LoopbackPorts.free();
    private final String schema = TestPostgres.freshSchema(DeliveryCrashIT.class);
    private final Path directory = Path.of("target", "crash", "DeliveryCrashIT-" + System.currentTimeMillis())
            .toAbsolutePath();
    private final List<ChildJvm> services = new ArrayList<>();
    private @Nullable TestHis his;

    @AfterEach
    void stop() {
        services.forEach(ChildJvm::kill);
        if (his != null) {
            his.close();
        }
    }

    @Test
    void aDeliveryInterruptedByAKillIsDeliveredOnceAfterTheRestart() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        JdbcClient jdbc = JdbcClient.create(TestPostgres.dataSource());
        his = new TestHis(hisPort).start();
        try (ReportClient client = new ReportClient(httpPort, json);
                TopicReader events = new TopicReader(ReportTopics.REPORT)) {
            ChildJvm first = startService();
            client.send(Hl7Topics.ORDER, ReportClient.order("GENHOSP", "ACC-K1", mrn("MRN300001")));
            awaitCount(jdbc, "select count(*) from " + schema + ".report_order where accession_number = 'ACC-K1'", 1);

            HttpResponse<String> created = client.post(
                    "/api/reports",
                    "{\"accessionNumber\": \"ACC-K1\", \"text\": \"IMPRESSION: Normal.\"}",
                    radiologist());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            long id = client.read(created).get("id").asLong();
            CountDownLatch held = his.holdNext();
            assertThat(client.post("/api/reports/" + id + "/finalize", null, radiologist())
                            .statusCode())
                    .isEqualTo(200);
            assertThat(his.awaitReceived("ACC-K1", 1, WAIT)).hasSize(1);

            first.kill();
            held.countDown();
            assertThat(jdbc.sql("select state from " + schema + ".report_delivery where report_id = ?")
                            .param(id)
                            .query(String.class)
                            .single())
                    .as("killed while waiting for the ACK")
                    .isEqualTo("pending");

            startService();
            try {
                awaitCount(
                        jdbc,
                        "select count(*) from " + schema + ".report_delivery where report_id = " + id
                                + " and state = 'delivered'",
                        1);
            } catch (AssertionError notDelivered) {
                throw new AssertionError(
                        "not delivered after the restart; delivery row: "
                                + jdbc.sql("select * from " + schema + ".report_delivery where report_id = ?")
                                        .param(id)
                                        .query()
                                        .listOfRows()
                                + "; HIS received " + his.receivedFor("ACC-K1").size() + "; service warnings:\n"
                                + warnings(directory.resolve("report-service.log")),
                        notDelivered);
            }
            List<Terser> received = his.receivedFor("ACC-K1");
            assertThat(received).hasSize(2);
            assertThat(get(received.get(1), "MSH-10"))
                    .as("the resend is the same message")
                    .isEqualTo(get(received.get(0), "MSH-10"));
            assertThat(jdbc.sql("select attempts from " + schema + ".report_delivery where report_id = ?")
                            .param(id)
                            .query(Integer.class)
                            .single())
                    .isEqualTo(2);
            List<ConsumerRecord<String, byte[]>> delivered = events.await(
                    r -> "GENHOSP|ACC-K1".equals(r.key()) && "report.ReportDelivered.v1".equals(type(r)),
                    2,
                    Duration.ofSeconds(5));
            assertThat(delivered).as("delivered once").hasSize(1);
        }
    }

    private ChildJvm startService() throws IOException {
        List<String> arguments = new ArrayList<>(
                List.of("-Xms64m", "-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar()));
        TestIssuer issuer = TestIssuer.get();
        Stream.of(
                        "server.port=" + httpPort,
                        "spring.datasource.url=" + TestPostgres.jdbcUrl(),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres",
                        "isthmus.db.schema=" + schema,
                        "spring.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(),
                        // a group of their own: the killed member would otherwise hold the partitions of the test
                        // JVM's services (same broker, group report-service) until its session times out
                        "spring.kafka.consumer.group-id=report-service-" + schema,
                        "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer.issuer(),
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer.jwkSetUri(),
                        "isthmus.report.delivery.default-endpoint=127.0.0.1:" + hisPort,
                        "isthmus.report.delivery.ack-timeout=3s",
                        "isthmus.report.delivery.initial-backoff=200ms",
                        "isthmus.report.delivery.poll-interval=200ms")
                .map(argument -> "--" + argument)
                .forEach(arguments::add);
        ChildJvm service = ChildJvm.start(
                "report-service#" + (services.size() + 1),
                arguments,
                Map.of(
                        "ISTHMUS_PARENT_PID",
                        Long.toString(ProcessHandle.current().pid())),
                directory,
                directory.resolve("report-service.log"));
        services.add(service);
        service.awaitPort(httpPort, START_TIMEOUT);
        return service;
    }

    private static void awaitCount(JdbcClient jdbc, String countQuery, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (jdbc.sql(countQuery).query(Integer.class).single() >= count) {
                    return;
                }
            } catch (RuntimeException notYetMigrated) {
                // the service creates its tables when it starts
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never true: " + countQuery);
    }

    /** The warnings and errors the service logged, for a failure message (the log is JSON, one event a line). */
    private static String warnings(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("\"level\":\"WARN\"") || line.contains("\"level\":\"ERROR\""))
                    .map(line -> line.length() > 600 ? line.substring(0, 600) : line)
                    .collect(java.util.stream.Collectors.joining("\n"));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static String type(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader("ce_type");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String jar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> {
                        String name = file.getFileName().toString();
                        return name.startsWith("report-service-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-tests.jar")
                                && !name.endsWith("-sources.jar");
                    })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/report-service-*.jar: run the tests through Failsafe (mvn verify)"))
                    .toAbsolutePath()
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
