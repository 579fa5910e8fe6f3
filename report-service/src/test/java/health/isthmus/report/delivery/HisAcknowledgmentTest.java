package health.isthmus.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HisAcknowledgmentTest {

    @Test
    void anAaAcceptsTheMessageItNames() {
        HisAcknowledgment ack =
                read("MSH|^~\\&|HIS|GENHOSP|ISTHMUS|ISTHMUS|20261127||ACK^R01^ACK|A1|P|2.5.1\r" + "MSA|AA|ISMX1\r");

        assertThat(ack.accepted()).isTrue();
        assertThat(ack.controlId()).isEqualTo("ISMX1");
        assertThat(ack.reason()).isNull();
    }

    @Test
    void anAeAsHapiWritesItKeepsTheErrorCodeTextAndTheOriginalText() {
        HisAcknowledgment ack = read("MSH|^~\\&|HIS|GENHOSP|ISTHMUS|ISTHMUS|20261127||ACK^R01^ACK|A2|P|2.5.1\r"
                + "MSA|AE|X1\r"
                + "ERR||OBR^1^18|204^Unknown key identifier^HL70357^^^^^^Order closed at OBR(1)-18(0)|E\r");

        assertThat(ack.refused()).isTrue();
        assertThat(ack.code()).isEqualTo("AE");
        assertThat(ack.reason()).isEqualTo("Unknown key identifier; Order closed at OBR(1)-18(0)");
    }

    @Test
    void anArOfAnOlderVersionKeepsMsa3AndTheErr1Text() {
        HisAcknowledgment ack = read("MSH|^~\\&|HIS|GENHOSP|||20261127||ACK|A3|P|2.3\n"
                + "MSA|AR|X2|Message rejected\n"
                + "ERR|PID^1^3^204&Unknown patient&HL70357\n");

        assertThat(ack.refused()).isTrue();
        assertThat(ack.reason()).isEqualTo("Message rejected; Unknown patient");
    }

    @Test
    void aReplyWithoutMsaIsNoAcknowledgment() {
        assertThatThrownBy(() -> read("MSH|^~\\&|HIS|GENHOSP|||20261127||ADT^A01|A4|P|2.5.1\r"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HisAcknowledgment read(String text) {
        return HisAcknowledgment.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}
