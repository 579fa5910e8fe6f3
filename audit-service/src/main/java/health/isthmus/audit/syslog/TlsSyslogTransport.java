package health.isthmus.audit.syslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * RFC 5425: syslog over TLS 1.2 or 1.3 with the collector's certificate checked against the trust store and its host
 * name, each message framed as {@code MSG-LEN SP SYSLOG-MSG} (octet counting).
 */
final class TlsSyslogTransport implements SyslogTransport {

    private final SyslogProperties properties;
    private final SSLContext context;
    private @Nullable SSLSocket socket;
    private @Nullable OutputStream out;
    private boolean checkedSinceFlush;

    TlsSyslogTransport(SyslogProperties properties) {
        this.properties = properties;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers(properties), trustManagers(properties), null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the syslog TLS key or trust store", e);
        }
    }

    @Override
    public void send(byte[] message) throws IOException {
        OutputStream stream = connected();
        stream.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
        stream.write(message);
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
        checkedSinceFlush = false;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the connection is being dropped anyway
            }
        }
        socket = null;
        out = null;
    }

    private OutputStream connected() throws IOException {
        if (out != null && !checkedSinceFlush) {
            checkedSinceFlush = true;
            if (closedByCollector()) {
                close();
            }
        }
        if (out == null) {
            SSLSocket opened = (SSLSocket) context.getSocketFactory().createSocket();
            try {
                opened.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                SSLParameters parameters = opened.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                opened.setSSLParameters(parameters);
                opened.connect(new InetSocketAddress(properties.host(), properties.port()), (int)
                        properties.connectTimeout().toMillis());
                opened.setSoTimeout((int) properties.connectTimeout().toMillis());
                opened.startHandshake();
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            socket = opened;
            out = new BufferedOutputStream(opened.getOutputStream(), 64 * 1024);
        }
        return out;
    }

    /**
     * Whether the collector closed the connection since the last batch. RFC 5425 has no acknowledgments, and a
     * write into a connection the peer has closed may still succeed once, the message lost; a collector never sends
     * anything, so a read that ends (rather than times out) at the start of a batch says it is gone.
     */
    private boolean closedByCollector() {
        SSLSocket open = socket;
        if (open == null) {
            return true;
        }
        try {
            open.setSoTimeout(1);
            return open.getInputStream().read() < 0;
        } catch (SocketTimeoutException alive) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                open.setSoTimeout((int) properties.connectTimeout().toMillis());
            } catch (IOException ignored) {
                // the next write finds out
            }
        }
    }

    private static javax.net.ssl.@Nullable KeyManager[] keyManagers(SyslogProperties properties)
            throws GeneralSecurityException, IOException {
        if (properties.keyStore() == null) {
            return null;
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] password = properties.keyStorePassword().toCharArray();
        factory.init(load(properties.keyStore(), password), password);
        return factory.getKeyManagers();
    }

    private static javax.net.ssl.@Nullable TrustManager[] trustManagers(SyslogProperties properties)
            throws GeneralSecurityException, IOException {
        if (properties.trustStore() == null) {
            return null;
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(
                load(properties.trustStore(), properties.trustStorePassword().toCharArray()));
        return factory.getTrustManagers();
    }

    private static KeyStore load(Path path, char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        return store;
    }
}
