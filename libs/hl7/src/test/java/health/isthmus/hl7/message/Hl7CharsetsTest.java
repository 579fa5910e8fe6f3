package health.isthmus.hl7.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Hl7CharsetsTest {

    @Test
    void msh18NamesTheCharacterSet() {
        byte[] raw =
                "MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5.1||||||8859/1\rPID|1\r".getBytes(StandardCharsets.UTF_8);

        assertThat(Hl7Charsets.detect(raw, StandardCharsets.UTF_8)).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    @Test
    void characterSetWrittenOneFieldTooFarIsHonoured() {
        byte[] raw = "MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5.1|||||||UNICODE UTF-8\rPID|1\r"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(Hl7Charsets.detect(raw, StandardCharsets.ISO_8859_1)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void emptyMsh18FallsBackToTheSendersDefault() {
        byte[] raw = "MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5.1\r".getBytes(StandardCharsets.US_ASCII);

        assertThat(Hl7Charsets.detect(raw, StandardCharsets.ISO_8859_1)).isEqualTo(StandardCharsets.ISO_8859_1);
    }

    @Test
    void unknownCharacterSetIsRefused() {
        byte[] raw = "MSH|^~\\&|A|B|C|D|20260101||ADT^A04|1|P|2.5.1||||||EBCDIC\r".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Hl7Charsets.detect(raw, StandardCharsets.UTF_8))
                .isInstanceOf(Hl7Charsets.UnsupportedCharsetException.class);
    }

    @Test
    void headerFieldsAreReadWithoutAParser() {
        RawHeader header = RawHeader.of("MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RAD|2026||ADT^A04^ADT_A01|MSG-7|P|2.3\r"
                .getBytes(StandardCharsets.US_ASCII));

        assertThat(header.sendingApplication()).isEqualTo("EPICADT");
        assertThat(header.sendingFacility()).isEqualTo("GENHOSP");
        assertThat(header.messageType()).isEqualTo("ADT^A04^ADT_A01");
        assertThat(header.controlId()).isEqualTo("MSG-7");
        assertThat(header.version()).isEqualTo("2.3");
    }
}
