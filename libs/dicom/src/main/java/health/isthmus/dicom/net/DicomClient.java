package health.isthmus.dicom.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Opens associations to remote AEs, over TCP or TLS.
 *
 * <pre>{@code
 * DicomClient client = new DicomClient(UpperLayerSettings.defaults(), null);
 * try (Association association = client.connect("pacs.example", 11112, proposal)) {
 *     ... DIMSE calls ...
 *     association.release();
 * }
 * }</pre>
 */
public final class DicomClient {

    private final UpperLayerSettings settings;
    private final @Nullable DicomTls tls;

    public DicomClient(UpperLayerSettings settings, @Nullable DicomTls tls) {
        this.settings = settings;
        this.tls = tls;
    }

    /**
     * Connects (within the ARTIM timeout) and negotiates.
     *
     * @throws AssociationRejectedException when the peer rejects the association
     */
    public Association connect(String host, int port, AssociationProposal proposal) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int)
                    settings.artimTimeout().toMillis());
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.context().getSocketFactory().createSocket(socket, host, port, true);
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setProtocols(DicomTls.PROTOCOLS.toArray(String[]::new));
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
                ssl.setSoTimeout((int) settings.artimTimeout().toMillis());
                ssl.startHandshake();
                socket = ssl;
            }
            return Association.request(new SocketConnection(socket), proposal.toRequest(settings), settings);
        } catch (IOException | RuntimeException failure) {
            socket.close();
            throw failure;
        }
    }
}
