package health.isthmus.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.testsupport.process.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aPortHeldByAListenerThatNeverAcceptsIsNotFree() throws IOException {
        try (ServerSocket stuck = new ServerSocket()) {
            stuck.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            int port = stuck.getLocalPort();

            for (int attempt = 0; attempt < 5; attempt++) {
                assertThat(Ports.isFree(port)).isFalse();
            }
        }
    }

    @Test
    void aPortNobodyHoldsIsFree() {
        assertThat(Ports.isFree(LoopbackPorts.free())).isTrue();
    }
}
