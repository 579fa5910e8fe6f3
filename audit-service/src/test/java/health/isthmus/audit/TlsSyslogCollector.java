package health.isthmus.audit;

import health.isthmus.testsupport.tls.TestCertificates;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * An RFC 5425 syslog collector for tests: a TLS server socket on loopback with a certificate made at test time, which
 * reads octet-counted frames ({@code MSG-LEN SP SYSLOG-MSG}) and keeps every message it received.
 */
final class TlsSyslogCollector implements AutoCloseable {

    private final SSLContext context;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private volatile SSLServerSocket server;
    private final List<byte[]> messages = new CopyOnWriteArrayList<>();
    private final List<String> framingErrors = new CopyOnWriteArrayList<>();

    TlsSyslogCollector(Path serverKeyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, TestCertificates.PASSWORD.toCharArray());
        context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        server = listen(0);
    }

    /** Listens again on the port it had, after {@link #close()}. */
    void reopen() throws IOException {
        server = listen(server.getLocalPort());
    }

    private SSLServerSocket listen(int port) throws IOException {
        SSLServerSocket socket =
                (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
        socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        Thread.ofVirtual().name("test-syslog-accept").start(() -> accept(socket));
        return socket;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every message received so far, without framing. */
    List<byte[]> messages() {
        return List.copyOf(messages);
    }

    /** Frames that did not follow octet counting. */
    List<String> framingErrors() {
        return List.copyOf(framingErrors);
    }

    private void accept(SSLServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                connections.add(connection);
                Thread.ofVirtual().name("test-syslog-read").start(() -> read(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void read(Socket connection) {
        try (connection;
                InputStream in = new BufferedInputStream(connection.getInputStream())) {
            while (true) {
                int length = 0;
                int digits = 0;
                int c;
                while ((c = in.read()) >= '0' && c <= '9') {
                    length = length * 10 + (c - '0');
                    digits++;
                }
                if (c == -1 && digits == 0) {
                    return;
                }
                if (c != ' ' || digits == 0) {
                    framingErrors.add("expected MSG-LEN SP, found byte " + c + " after " + digits + " digits");
                    return;
                }
                byte[] message = in.readNBytes(length);
                if (message.length < length) {
                    framingErrors.add("frame of " + length + " octets cut at " + message.length);
                    return;
                }
                messages.add(message);
            }
        } catch (IOException dropped) {
            // the exporter closed or reset the connection
        }
    }

    /** Stops listening and drops every connection, as a collector that goes down does. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
        connections.clear();
    }
}
