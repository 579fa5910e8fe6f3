package health.isthmus.testsupport.kafka;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The Kafka broker of this test JVM (KRaft, one node, three partitions per topic), started on first use. */
public final class TestKafka {

    private static volatile EmbeddedKafkaKraftBroker broker;

    private TestKafka() {}

    /** Bootstrap servers of the running broker. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 3);
            started.brokerProperties(Map.of(
                    "auto.create.topics.enable", "true",
                    "group.initial.rebalance.delay.ms", "0"));
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "test-kafka-stop"));
            broker = started;
        }
        return broker.getBrokersAsString();
    }
}
