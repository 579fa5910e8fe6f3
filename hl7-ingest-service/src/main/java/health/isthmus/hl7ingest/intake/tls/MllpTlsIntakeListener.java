package health.isthmus.hl7ingest.intake.tls;

import health.isthmus.hl7.mllp.MllpClientAllowlist;
import health.isthmus.hl7.mllp.MllpServer;
import health.isthmus.hl7.mllp.MllpServerSettings;
import health.isthmus.hl7.mllp.MllpTls;
import health.isthmus.hl7ingest.intake.Hl7Intake;
import health.isthmus.hl7ingest.intake.MllpListener;
import health.isthmus.platform.audit.SecurityAlerts;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Listens for HL7 v2 over MLLP on TLS and hands every message to the same intake as the plain listener.
 * Clients are authenticated by certificate and checked against the allowlist before anything is read.
 */
@Component
@ConditionalOnBooleanProperty("isthmus.hl7-ingest.tls.enabled")
public class MllpTlsIntakeListener extends MllpListener {

    private static final Logger log = LoggerFactory.getLogger(MllpTlsIntakeListener.class);

    private final MllpTlsProperties properties;
    private final Hl7Intake intake;
    private final SecurityAlerts alerts;

    public MllpTlsIntakeListener(MllpTlsProperties properties, Hl7Intake intake, SecurityAlerts alerts) {
        this.properties = properties;
        this.intake = intake;
        this.alerts = alerts;
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
                (message, peer) -> intake.receive(message, peer.address()),
                tls(),
                // failed handshakes and refused client certificates become Security Alerts
                alerts::tlsHandshakeFailed);
    }

    @Override
    protected String description() {
        return "MLLP over TLS on port " + properties.port();
    }

    @Override
    protected void started(MllpServer server) {
        log.info(
                "MLLP TLS listener on port {}: client certificates {}, {}",
                server.port(),
                properties.clientAuth(),
                properties.allowedClientFingerprints().isEmpty()
                                && properties.allowedClientSubjects().isEmpty()
                        ? "no allowlist (every trusted client admitted)"
                        : properties.allowedClientFingerprints().size() + " fingerprint(s) and "
                                + properties.allowedClientSubjects().size() + " subject(s) allowed");
    }

    private MllpTls tls() {
        MllpTlsProperties.Store keyStore = properties.keyStore();
        MllpTlsProperties.Store trustStore = properties.trustStore();
        try {
            MllpTls.Builder builder = MllpTls.builder()
                    .keyStore(Path.of(keyStore.path()), keyStore.password().toCharArray(), keyStore.type())
                    .clientAuth(properties.clientAuth())
                    .allowlist(MllpClientAllowlist.of(
                            properties.allowedClientFingerprints(), properties.allowedClientSubjects()));
            if (trustStore.isSet()) {
                builder.trustStore(
                        Path.of(trustStore.path()), trustStore.password().toCharArray(), trustStore.type());
            }
            return builder.build();
        } catch (IOException | GeneralSecurityException e) {
            // the message names the file or the algorithm, never the password
            throw new IllegalStateException(
                    "cannot set up MLLP TLS from key store " + keyStore.path() + " and trust store "
                            + (trustStore.isSet() ? trustStore.path() : "(JVM default)"),
                    e);
        }
    }
}
