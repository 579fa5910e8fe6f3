package health.isthmus.launcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.launcher.process.TestJvm;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    private static final String TOPIC = "launcher.check.v1";

    @TempDir
    Path directory;

    private final int port = LoopbackPorts.free();
    private final int controllerPort = LoopbackPorts.free();

    @AfterEach
    void nothingIsLeftRunning() {
        assertThat(TestJvm.eventually(() -> TestJvm.liveDescendants().isEmpty(), Duration.ofSeconds(30)))
                .as("processes left: %s", TestJvm.describe(TestJvm.liveDescendants()))
                .isTrue();
    }

    private KafkaBroker start() throws Exception {
        return KafkaBroker.start(
                directory.resolve("kafka"),
                port,
                controllerPort,
                TestJvm.launcherJava(),
                directory.resolve("logs/kafka.log"),
                Instant.now().plus(Duration.ofMinutes(3)),
                () -> false);
    }

    private Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                60_000));
    }

    @Test
    void servesClientsAndKeepsItsDataAcrossRestarts() throws Exception {
        String clusterId;
        try (KafkaBroker broker = start();
                Admin admin = admin(broker)) {
            DescribeClusterResult cluster = admin.describeCluster();
            assertThat(cluster.nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
            clusterId = cluster.clusterId().get(60, TimeUnit.SECONDS);
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.empty(), Optional.empty())))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            assertThat(admin.describeTopics(List.of(TOPIC))
                            .allTopicNames()
                            .get(60, TimeUnit.SECONDS)
                            .get(TOPIC)
                            .partitions())
                    .hasSize(3);
        }
        assertThat(TestJvm.liveDescendants()).isEmpty();

        try (KafkaBroker broker = start();
                Admin admin = admin(broker)) {
            assertThat(admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS))
                    .isEqualTo(clusterId);
            assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).contains(TOPIC);
        }
        String log = Files.readString(directory.resolve("logs/kafka.log"));
        assertThat(log.split("starts kafka storage format", -1))
                .as("formatted once")
                .hasSize(2);
        assertThat(log).contains("Kafka Server started");
    }
}
