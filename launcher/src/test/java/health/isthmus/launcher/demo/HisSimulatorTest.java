package health.isthmus.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.hl7.mllp.MllpClient;
import health.isthmus.testsupport.process.LoopbackPorts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HisSimulatorTest {

    @Test
    void anOruDeliveredToTheHisIsAcknowledgedWithAaAndFoundByItsAccessionNumber() throws Exception {
        int port = LoopbackPorts.free();
        try (HisSimulator his = new HisSimulator(1, port, Clock.systemUTC());
                MllpClient report = new MllpClient("127.0.0.1", port, Duration.ofSeconds(10))) {
            String oru = "MSH|^~\\&|ISTHMUS|ISTHMUS|HIS|GENHOSP|20261203120000||ORU^R01^ORU_R01|ORU-1|P|2.5.1\r"
                    + "PID|1||DEMO1^^^GENHOSP^MR||DEMO^ALEX\r"
                    + "OBR|1|PO-1|FO-1|CTHEAD" + "|".repeat(14) + "DEMO-1" + "|".repeat(7) + "F\r"
                    + "OBX|1|TX|CTHEAD||IMPRESSION: Normal.||||||F\r";

            String ack = new String(report.exchange(oru.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);

            assertThat(ack).contains("\rMSA|AA|ORU-1\r").startsWith("MSH|^~\\&|DEMO_HIS|GENHOSP|ISTHMUS|ISTHMUS|");
            HisSimulator.Received received = his.awaitReport("DEMO-1", Duration.ofSeconds(5));
            assertThat(received).isNotNull();
            assertThat(received.field("OBR", 25)).isEqualTo("F");
            assertThat(received.field("MSH", 10)).isEqualTo("ORU-1");
            assertThat(his.awaitReport("DEMO-2", Duration.ofMillis(200)))
                    .as("no report of another order")
                    .isNull();
        }
    }

    @Test
    void theSyntheticHeadHasAirSkullAndBrain() {
        byte[] middle = ModalitySimulator.headPixels(12, 24);

        assertThat(hounsfield(middle, 0, 0)).isEqualTo(-1000);
        assertThat(hounsfield(middle, 64, 64)).isBetween(27, 43);
        assertThat(hounsfield(middle, 64, 64 + 58)).as("skull on the long axis").isEqualTo(1000);
    }

    private static int hounsfield(byte[] pixels, int x, int y) {
        int offset = 2 * (y * 128 + x);
        return ((pixels[offset] & 0xFF) | (pixels[offset + 1] & 0xFF) << 8) - 1024;
    }
}
