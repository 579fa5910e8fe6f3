package health.isthmus.worklist.dicom;

import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseDispatcher;
import health.isthmus.dicom.dimse.EchoHandler;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.DicomTls;
import health.isthmus.dicom.net.SecurityEventListener;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.platform.audit.SecurityAlerts;
import health.isthmus.worklist.mpps.MppsScp;
import health.isthmus.worklist.mwl.MwlFindScp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The service's DICOM application entity: listens while the application runs, serves C-ECHO, Modality Worklist
 * C-FIND and MPPS N-CREATE/N-SET, and refuses every other abstract syntax in the association negotiation.
 */
@Component
public class DicomListener implements SmartLifecycle {

    /** Little endian, explicit first: the syntaxes every modality proposes. */
    static final List<String> TRANSFER_SYNTAXES = List.of(Uid.ExplicitVRLittleEndian, Uid.ImplicitVRLittleEndian);

    private static final Logger log = LoggerFactory.getLogger(DicomListener.class);

    private final DicomListenerProperties properties;
    private final SecurityAlerts alerts;
    private final MwlFindScp worklist;
    private final MppsScp mpps;
    private volatile @Nullable DicomServer server;

    public DicomListener(DicomListenerProperties properties, MwlFindScp worklist, MppsScp mpps, SecurityAlerts alerts) {
        this.alerts = alerts;
        this.properties = properties;
        this.worklist = worklist;
        this.mpps = mpps;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        AssociationPolicy policy = AssociationPolicy.builder(properties.aeTitle())
                .callingAeTitles(properties.callingAeTitles())
                .offer(TransferCapability.scp(Uid.Verification, TRANSFER_SYNTAXES))
                .offer(TransferCapability.scp(Uid.ModalityWorklistInformationModelFind, TRANSFER_SYNTAXES))
                .offer(TransferCapability.scp(Uid.ModalityPerformedProcedureStep, TRANSFER_SYNTAXES))
                .build();
        DimseDispatcher dispatcher = DimseDispatcher.builder()
                .echo(EchoHandler.SUCCESS)
                .find(Uid.ModalityWorklistInformationModelFind, worklist)
                .nCreate(Uid.ModalityPerformedProcedureStep, mpps)
                .nSet(Uid.ModalityPerformedProcedureStep, mpps)
                .build();
        try {
            DicomServer started = DicomServer.builder(policy, dispatcher)
                    .port(properties.port())
                    .bindAddress(
                            properties.bindAddress() == null ? null : InetAddress.getByName(properties.bindAddress()))
                    .maxAssociations(properties.maxAssociations())
                    .tls(tls())
                    // refused associations and TLS handshakes become Security Alerts
                    .securityEvents(SecurityEventListener.of(alerts::associationRefused, alerts::tlsHandshakeFailed))
                    .start();
            server = started;
            log.info(
                    "DICOM listener {} on port {}{}",
                    properties.aeTitle(),
                    started.port(),
                    properties.tls() == null ? "" : " (TLS)");
        } catch (IOException e) {
            throw new UncheckedIOException("DICOM listener cannot listen on port " + properties.port(), e);
        }
    }

    private @Nullable DicomTls tls() throws IOException {
        DicomListenerProperties.Tls tls = properties.tls();
        if (tls == null) {
            return null;
        }
        try {
            return DicomTls.fromKeyStores(
                    tls.keyStore(), tls.trustStore(), tls.password().toCharArray(), tls.clientAuth());
        } catch (GeneralSecurityException e) {
            throw new IOException("DICOM TLS key or trust store unusable", e);
        }
    }

    @Override
    public synchronized void stop() {
        DicomServer running = server;
        if (running != null) {
            running.close();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** The port listened on (the chosen one when configured as 0). */
    public int port() {
        DicomServer running = server;
        if (running == null) {
            throw new IllegalStateException("the DICOM listener is not running");
        }
        return running.port();
    }

    /** The AE title modalities call. */
    public String aeTitle() {
        return properties.aeTitle();
    }
}
