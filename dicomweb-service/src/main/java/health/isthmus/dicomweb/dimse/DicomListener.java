package health.isthmus.dicomweb.dimse;

import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.dimse.DimseDispatcher;
import health.isthmus.dicom.dimse.EchoHandler;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicom.net.AssociationPolicy;
import health.isthmus.dicom.net.DicomServer;
import health.isthmus.dicom.net.DicomTls;
import health.isthmus.dicom.net.SecurityEventListener;
import health.isthmus.dicom.net.TransferCapability;
import health.isthmus.platform.audit.SecurityAlerts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The archive's DICOM application entity: listens while the application runs, answers C-ECHO, and takes C-STORE for
 * every storage SOP class of the standard (plus configured private ones) in every transfer syntax this toolkit knows,
 * accepting the first one the sender proposes, so instances are stored as sent.
 */
@Component
public class DicomListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DicomListener.class);

    private final DicomListenerProperties properties;
    private final SecurityAlerts alerts;
    private final StoreScp store;
    private volatile @Nullable DicomServer server;

    public DicomListener(DicomListenerProperties properties, StoreScp store, SecurityAlerts alerts) {
        this.alerts = alerts;
        this.properties = properties;
        this.store = store;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        List<String> syntaxes =
                TransferSyntax.known().stream().map(TransferSyntax::uid).toList();
        Set<String> storageClasses = new LinkedHashSet<>(StorageSopClasses.standard());
        storageClasses.addAll(properties.extraStorageSopClasses());
        AssociationPolicy.Builder policy = AssociationPolicy.builder(properties.aeTitle())
                .callingAeTitles(properties.callingAeTitles())
                .offer(TransferCapability.scp(Uid.Verification, syntaxes));
        storageClasses.forEach(sopClass -> policy.offer(TransferCapability.scp(sopClass, syntaxes)));
        DimseDispatcher dispatcher =
                DimseDispatcher.builder().echo(EchoHandler.SUCCESS).store(store).build();
        try {
            DicomServer started = DicomServer.builder(policy.build(), dispatcher)
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
                    "DICOM listener {} on port {} ({} storage SOP classes){}",
                    properties.aeTitle(),
                    started.port(),
                    storageClasses.size(),
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
