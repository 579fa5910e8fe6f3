package health.isthmus.hl7.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MllpServerTest {

    private MllpServer server;

    @BeforeEach
    void start() throws IOException {
        MllpHandler echo = (message, peer) ->
                ("ACK:" + new String(message, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        server = new MllpServer(new MllpServerSettings(0, "127.0.0.1", 64, Duration.ofSeconds(5), 8), echo);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void repliesToManyMessagesOnOneConnectionInOrder() throws IOException {
        try (MllpClient client = new MllpClient("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            for (int i = 0; i < 50; i++) {
                assertThat(new String(
                                client.exchange(("m" + i).getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                        .isEqualTo("ACK:m" + i);
            }
        }
    }

    @Test
    void pipelinedFramesAreAnsweredInTheOrderSent() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            MllpFrames.write(out, "one".getBytes(StandardCharsets.UTF_8));
            MllpFrames.write(out, "two".getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();

            assertThat(new String(MllpFrames.read(in, 100), StandardCharsets.UTF_8))
                    .isEqualTo("ACK:one");
            assertThat(new String(MllpFrames.read(in, 100), StandardCharsets.UTF_8))
                    .isEqualTo("ACK:two");
        }
    }

    @Test
    void servesConnectionsConcurrently() throws Exception {
        Callable<String> conversation = () -> {
            try (MllpClient client = new MllpClient("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                return new String(client.exchange("hello".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            }
        };
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                replies.add(pool.submit(conversation));
            }
            for (Future<String> reply : replies) {
                assertThat(reply.get()).isEqualTo("ACK:hello");
            }
        }
    }

    @Test
    void oversizedFrameClosesTheConnectionWithoutAReply() throws IOException {
        try (MllpClient client = new MllpClient("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            byte[] tooLarge = "x".repeat(65).getBytes(StandardCharsets.UTF_8);

            assertThatThrownBy(() -> client.exchange(tooLarge)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void bytesBeforeTheStartBlockAreIgnored() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("\n\n".getBytes(StandardCharsets.US_ASCII));
            MllpFrames.write(socket.getOutputStream(), "late".getBytes(StandardCharsets.UTF_8));

            assertThat(new String(MllpFrames.read(socket.getInputStream(), 100), StandardCharsets.UTF_8))
                    .isEqualTo("ACK:late");
        }
    }
}
