package health.isthmus.launcher.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaServerPropertiesTest {

    private static Properties load(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }

    @Test
    void aSingleNodeThatIsBrokerAndController() throws IOException {
        Properties properties = load(new KafkaServerProperties(9092, 9093, Path.of("/data/kafka/logs")).render());

        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@localhost:9093")
                .containsEntry("listeners", "PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", "/data/kafka/logs")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("num.partitions", "3")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void portsComeFromTheSettings() throws IOException {
        Properties properties = load(new KafkaServerProperties(19092, 19093, Path.of("/k")).render());

        assertThat(properties)
                .containsEntry("controller.quorum.voters", "1@localhost:19093")
                .containsEntry("listeners", "PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
    }

    @Test
    void theLogDirectoryReadsBackUnchanged() throws IOException {
        String awkward = "/data/with space/and\\backslash";

        Properties properties = load(new KafkaServerProperties(9092, 9093, Path.of(awkward)).render());

        assertThat(properties.getProperty("log.dirs"))
                .isEqualTo(Path.of(awkward).toAbsolutePath().toString());
    }

    @Test
    void onNewerJdksTheBrokerIsToldThatUnsafeMemoryAccessIsFine() {
        assertThat(KafkaBroker.jvmOptions(21)).doesNotContain("--sun-misc-unsafe-memory-access=allow");
        assertThat(KafkaBroker.jvmOptions(25))
                .contains("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "--sun-misc-unsafe-memory-access=allow");
    }
}
