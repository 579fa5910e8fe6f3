package health.isthmus.hl7.mllp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLLP listener: one thread per connection, messages of a connection handled one after the
 * other so that replies leave in order, bounded message size, idle timeout and connection count.
 *
 * <p>Connections get platform threads, not virtual ones: a virtual thread blocked on its socket is woken by
 * the poller thread and then by a carrier thread, two wake-ups for every message (and for every database
 * round trip its handler makes), which cost hl7-ingest 20-37% of its throughput on two cores. The
 * connection limit bounds the threads.
 *
 * <p>On TLS sockets the handshake runs on the connection's thread, bounded by the idle timeout, so a slow or
 * hostile client never holds up {@code accept()}. A client whose certificate is not on the
 * {@linkplain MllpClientAllowlist allowlist} is disconnected right after the handshake, before any message
 * is read.
 */
public final class MllpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MllpServer.class);

    private final MllpServerSettings settings;
    private final MllpHandler handler;
    private final ServerSocketFactory sockets;
    private final MllpClientAllowlist allowlist;
    private final MllpTlsRefusals refusals;
    private final Semaphore connectionSlots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile @Nullable ServerSocket serverSocket;

    public MllpServer(MllpServerSettings settings, MllpHandler handler) {
        this(settings, handler, ServerSocketFactory.getDefault());
    }

    /** A server on sockets from the given factory, for example an {@code SSLServerSocketFactory}. */
    public MllpServer(MllpServerSettings settings, MllpHandler handler, ServerSocketFactory sockets) {
        this(settings, handler, sockets, MllpClientAllowlist.open(), (address, reason) -> {});
    }

    /** A TLS server: TLS 1.2/1.3, the configured client authentication and allowlist of client certificates. */
    public MllpServer(MllpServerSettings settings, MllpHandler handler, MllpTls tls) {
        this(settings, handler, tls, (address, reason) -> {});
    }

    /** A TLS server that tells {@code refusals} of each failed handshake and each client certificate it refuses. */
    public MllpServer(MllpServerSettings settings, MllpHandler handler, MllpTls tls, MllpTlsRefusals refusals) {
        this(settings, handler, tls.serverSocketFactory(), tls.allowlist(), refusals);
    }

    private MllpServer(
            MllpServerSettings settings,
            MllpHandler handler,
            ServerSocketFactory sockets,
            MllpClientAllowlist allowlist,
            MllpTlsRefusals refusals) {
        this.settings = settings;
        this.handler = handler;
        this.sockets = sockets;
        this.allowlist = allowlist;
        this.refusals = refusals;
        this.connectionSlots = new Semaphore(settings.maxConnections());
    }

    /** Binds the port and starts accepting connections. */
    public synchronized void start() throws IOException {
        ServerSocket socket =
                sockets.createServerSocket(settings.port(), 100, InetAddress.getByName(settings.bindAddress()));
        serverSocket = socket;
        Thread.ofPlatform()
                .daemon()
                .name("mllp-accept-" + socket.getLocalPort())
                .start(() -> acceptLoop(socket));
        log.info("MLLP listening on port {}", socket.getLocalPort());
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        ServerSocket socket = serverSocket;
        if (socket == null) {
            throw new IllegalStateException("not started");
        }
        return socket.getLocalPort();
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                if (!connectionSlots.tryAcquire()) {
                    log.warn(
                            "MLLP connection from {} refused: {} connections open",
                            socket.getRemoteSocketAddress(),
                            settings.maxConnections());
                    socket.close();
                    continue;
                }
                open.add(socket);
                long connectionId = connectionIds.incrementAndGet();
                Thread.ofPlatform().daemon().name("mllp-conn-" + connectionId).start(() -> serve(socket, connectionId));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("MLLP accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket, long connectionId) {
        String address = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setSoTimeout((int) settings.idleTimeout().toMillis());
            socket.setTcpNoDelay(true);
            MllpPeer peer = socket instanceof SSLSocket secure
                    ? admit(secure, address, connectionId)
                    : new MllpPeer(address, connectionId);
            if (peer == null) {
                return;
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            byte[] message;
            while ((message = MllpFrames.read(in, settings.maxMessageBytes())) != null) {
                MllpFrames.write(out, handler.handle(message, peer));
            }
        } catch (SocketTimeoutException e) {
            log.debug("MLLP connection {} idle for {}; closed", connectionId, settings.idleTimeout());
        } catch (MllpFrameException e) {
            log.warn("MLLP connection {} from {} closed: {}", connectionId, address, e.getMessage());
        } catch (SocketException e) {
            log.debug("MLLP connection {} ended: {}", connectionId, e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("MLLP connection {} failed", connectionId, e);
        } finally {
            open.remove(socket);
            connectionSlots.release();
        }
    }

    /**
     * Runs the TLS handshake and checks the client's certificate against the allowlist.
     *
     * @return the peer, or {@code null} when the connection must be closed before reading anything
     */
    private @Nullable MllpPeer admit(SSLSocket socket, String address, long connectionId) {
        try {
            socket.startHandshake();
        } catch (IOException e) {
            if (serverSocket == null) {
                log.debug("MLLP TLS handshake on connection {} stopped: listener closing", connectionId);
                return null;
            }
            // a client that does not speak our TLS (wrong version, untrusted or missing certificate, port scan)
            log.info("MLLP TLS handshake with {} (connection {}) failed: {}", address, connectionId, e.getMessage());
            refused(socket, "handshake failed: " + e.getMessage());
            return null;
        }
        X509Certificate certificate = clientCertificate(socket);
        if (!allowlist.admits(certificate)) {
            if (certificate == null) {
                log.warn(
                        "MLLP TLS connection {} from {} refused: no client certificate, an allowlist is configured",
                        connectionId,
                        address);
            } else {
                log.warn(
                        "MLLP TLS connection {} from {} refused: client certificate {} (SHA-256 {}) is not on the allowlist",
                        connectionId,
                        address,
                        certificate.getSubjectX500Principal().getName(),
                        MllpClientAllowlist.fingerprint(certificate));
            }
            refused(
                    socket,
                    certificate == null
                            ? "no client certificate, an allowlist is configured"
                            : "client certificate " + MllpClientAllowlist.fingerprint(certificate)
                                    + " is not on the allowlist");
            return null;
        }
        String subject = certificate == null
                ? null
                : certificate.getSubjectX500Principal().getName();
        log.debug(
                "MLLP TLS connection {} from {} as {} ({})",
                connectionId,
                address,
                subject,
                socket.getSession().getProtocol());
        return new MllpPeer(address, connectionId, subject);
    }

    private void refused(Socket socket, String reason) {
        try {
            refusals.refused(socket.getInetAddress().getHostAddress(), reason);
        } catch (RuntimeException e) {
            log.warn("MLLP TLS refusal listener failed", e);
        }
    }

    private static @Nullable X509Certificate clientCertificate(SSLSocket socket) {
        try {
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate first ? first : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public synchronized void close() {
        ServerSocket socket = serverSocket;
        serverSocket = null;
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            log.debug("closing MLLP server socket: {}", e.toString());
        }
        for (Socket connection : open) {
            try {
                connection.close();
            } catch (IOException e) {
                log.debug("closing MLLP connection: {}", e.toString());
            }
        }
    }
}
