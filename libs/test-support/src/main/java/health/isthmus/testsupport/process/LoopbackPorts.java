package health.isthmus.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports on the loopback interface for child processes. */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /** Below Linux's ephemeral range (32768-60999 by default), where outgoing connections take their ports. */
    private static final int LOWEST = 20_000;

    private static final int HIGHEST = 32_000;

    /**
     * A port nothing listened on a moment ago, chosen below the ephemeral range: a port the system hands out (bind
     * to 0) can be taken by any outgoing connection (a Kafka or JDBC client) before the child process binds it, which
     * made a service fail to start with "Address already in use" in CI.
     */
    public static int free() {
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                last = taken;
            }
        }
        throw new UncheckedIOException("no free loopback port between " + LOWEST + " and " + HIGHEST, last);
    }

    /** True when a connection to the port on loopback succeeds within half a second. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
