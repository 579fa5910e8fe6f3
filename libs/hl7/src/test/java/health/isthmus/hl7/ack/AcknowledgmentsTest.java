package health.isthmus.hl7.ack;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.Message;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AcknowledgmentsTest {

    private static final String A04 =
            "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RADIOLOGY|20261127083000||ADT^A04^ADT_A01|MSG-1|P|2.5.1\r"
                    + "EVN|A04|20261127083000\r"
                    + "PID|1||||DOE^JANE||19800214|F\r";

    @Test
    void acceptanceEchoesTheControlIdAndSwapsSenderAndReceiver() throws Exception {
        Message message = Hl7Parsing.pipeParser(Hl7Parsing.newContext()).parse(A04);

        String ack = Acknowledgments.forMessage(message, AcknowledgmentCode.AA);

        assertThat(ack).contains("MSA|AA|MSG-1");
        assertThat(ack).startsWith("MSH|^~\\&|ISTHMUS|RADIOLOGY|EPICADT|GENHOSP|");
    }

    @Test
    void errorNamesTheMissingFieldInAnErrSegment() throws Exception {
        Message message = Hl7Parsing.pipeParser(Hl7Parsing.newContext()).parse(A04);

        String ack = Acknowledgments.forMessage(
                message, AcknowledgmentCode.AE, Hl7Problem.requiredFieldMissing("PID", 3, "PID-3 is empty"));

        assertThat(ack).contains("MSA|AE|MSG-1");
        assertThat(ack).containsPattern("ERR\\|\\|PID\\^1\\^3[^\\r]*\\|101\\^");
    }

    @Test
    void rejectionOfGarbageIsStillAnAcknowledgment() {
        byte[] garbage = "THIS IS NOT HL7".getBytes(StandardCharsets.US_ASCII);

        String ack = Acknowledgments.rejectUnparseable(
                RawHeader.of(garbage), ErrorCode.SEGMENT_SEQUENCE_ERROR, "no MSH segment");

        assertThat(ack).startsWith("MSH|^~\\&|");
        assertThat(ack).contains("\rMSA|AR|\r");
        assertThat(ack).contains("ERR|||100^");
    }
}
