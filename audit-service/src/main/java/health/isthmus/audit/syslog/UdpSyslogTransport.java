package health.isthmus.audit.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/** RFC 5426: one message per datagram, nothing confirmed; for collectors on a trusted network only. */
final class UdpSyslogTransport implements SyslogTransport {

    private final SyslogProperties properties;
    private @Nullable DatagramSocket socket;

    UdpSyslogTransport(SyslogProperties properties) {
        this.properties = properties;
    }

    @Override
    public void send(byte[] message) throws IOException {
        if (socket == null) {
            socket = new DatagramSocket();
        }
        socket.send(new DatagramPacket(
                message, message.length, new InetSocketAddress(properties.host(), properties.port())));
    }

    @Override
    public void flush() {
        // every datagram leaves on send
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
        socket = null;
    }
}
