package health.isthmus.hl7.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawHeaderTest {

    @Test
    void theHeaderFieldsAreReadFromTheFirstSegmentWithItsOwnSeparator() {
        byte[] raw = ("\r\nMSH#^~\\&#RIS^1.2.3^ISO#NORTH#PACS#RAD#20261127083000##ORM^O01#CTRL-7#P#2.3\r"
                        + "PID#1##P2\r")
                .getBytes(StandardCharsets.ISO_8859_1);

        RawHeader header = RawHeader.of(raw);

        assertThat(header)
                .isEqualTo(new RawHeader("RIS^1.2.3^ISO", "NORTH", "PACS", "RAD", "ORM^O01", "CTRL-7", "2.3"));
    }

    @Test
    void fieldsAfterTheLastOneSentAreEmpty() {
        RawHeader header = RawHeader.of("MSH|^~\\&|HIS|SOUTH|ISTHMUS\r".getBytes(StandardCharsets.US_ASCII));

        assertThat(header).isEqualTo(new RawHeader("HIS", "SOUTH", "ISTHMUS", "", "", "", ""));
        // MSH-4 to MSH-17 empty, then MSH-18
        assertThat(RawHeader.field("MSH|^~\\&|HIS" + "|".repeat(15) + "UNICODE UTF-8", 18))
                .isEqualTo("UNICODE UTF-8");
        assertThat(RawHeader.field("MSH|^~\\&|HIS", 18)).isEmpty();
    }

    @Test
    void withoutAnMshSegmentEveryFieldIsEmpty() {
        RawHeader header = RawHeader.of("PID|1||P2\r".getBytes(StandardCharsets.US_ASCII));

        assertThat(header).isEqualTo(new RawHeader("", "", "", "", "", "", ""));
        assertThat(RawHeader.startsWithMsh("MSH".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }
}
