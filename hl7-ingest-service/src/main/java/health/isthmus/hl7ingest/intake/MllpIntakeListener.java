package health.isthmus.hl7ingest.intake;

import health.isthmus.hl7.mllp.MllpServer;
import health.isthmus.hl7.mllp.MllpServerSettings;
import org.springframework.stereotype.Component;

/** Listens for HL7 v2 over plain MLLP and hands every message to the intake. */
@Component
public class MllpIntakeListener extends MllpListener {

    private final MllpProperties properties;
    private final Hl7Intake intake;

    public MllpIntakeListener(MllpProperties properties, Hl7Intake intake) {
        this.properties = properties;
        this.intake = intake;
    }

    @Override
    protected MllpServer createServer() {
        return new MllpServer(
                new MllpServerSettings(
                        properties.port(),
                        properties.bindAddress(),
                        (int) properties.maxMessageSize().toBytes(),
                        properties.idleTimeout(),
                        properties.maxConnections()),
                (message, peer) -> intake.receive(message, peer.address()));
    }

    @Override
    protected String description() {
        return "MLLP on port " + properties.port();
    }
}
