package health.isthmus.launcher.kafka;

import java.nio.file.Path;

/**
 * The {@code server.properties} of a single-node KRaft Kafka (one process is broker and controller).
 *
 * @param port the client listener ({@code PLAINTEXT://localhost:<port>})
 * @param controllerPort the KRaft controller listener
 * @param logDirectory where the broker keeps its partitions and the metadata log
 */
public record KafkaServerProperties(int port, int controllerPort, Path logDirectory) {

    public static final int NODE_ID = 1;

    /** The file's text. */
    public String render() {
        return """
                # Written by the Isthmus launcher at every start; edits are overwritten.
                process.roles=broker,controller
                node.id=%1$d
                controller.quorum.voters=%1$d@localhost:%3$d
                listeners=PLAINTEXT://localhost:%2$d,CONTROLLER://localhost:%3$d
                advertised.listeners=PLAINTEXT://localhost:%2$d
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                inter.broker.listener.name=PLAINTEXT
                controller.listener.names=CONTROLLER
                log.dirs=%4$s
                num.partitions=3
                auto.create.topics.enable=true
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(
                        NODE_ID,
                        port,
                        controllerPort,
                        escape(logDirectory.toAbsolutePath().toString()));
    }

    /** Escapes what {@link java.util.Properties} would read as an escape or a continuation. */
    static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
