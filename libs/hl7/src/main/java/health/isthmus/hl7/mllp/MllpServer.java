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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ServerSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MLLP listener: one virtual thread per connection, messages of a connection handled one after the
 * other so that replies leave in order, bounded message size, idle timeout and connection count.
 */
public final class MllpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MllpServer.class);

    private final MllpServerSettings settings;
    private final MllpHandler handler;
    private final ServerSocketFactory sockets;
    private final Semaphore connectionSlots;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private volatile @Nullable ServerSocket serverSocket;

    public MllpServer(MllpServerSettings settings, MllpHandler handler) {
        this(settings, handler, ServerSocketFactory.getDefault());
    }

    /** A server on sockets from the given factory, for example an {@code SSLServerSocketFactory}. */
    public MllpServer(MllpServerSettings settings, MllpHandler handler, ServerSocketFactory sockets) {
        this.settings = settings;
        this.handler = handler;
        this.sockets = sockets;
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
                Thread.ofVirtual().name("mllp-conn-", connectionIds.get()).start(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("MLLP accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        MllpPeer peer = new MllpPeer(String.valueOf(socket.getRemoteSocketAddress()), connectionIds.incrementAndGet());
        try (socket) {
            socket.setSoTimeout((int) settings.idleTimeout().toMillis());
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            byte[] message;
            while ((message = MllpFrames.read(in, settings.maxMessageBytes())) != null) {
                MllpFrames.write(out, handler.handle(message, peer));
            }
        } catch (SocketTimeoutException e) {
            log.debug("MLLP connection {} idle for {}; closed", peer.connectionId(), settings.idleTimeout());
        } catch (MllpFrameException e) {
            log.warn("MLLP connection {} from {} closed: {}", peer.connectionId(), peer.address(), e.getMessage());
        } catch (SocketException e) {
            log.debug("MLLP connection {} ended: {}", peer.connectionId(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("MLLP connection {} failed", peer.connectionId(), e);
        } finally {
            open.remove(socket);
            connectionSlots.release();
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
