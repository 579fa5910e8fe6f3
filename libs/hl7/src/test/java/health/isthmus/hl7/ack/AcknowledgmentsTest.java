package health.isthmus.hl7.ack;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.Message;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(
            strings = {
                "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RADIOLOGY|20261127083000||ADT^A04^ADT_A01|MSG-1|P|2.5.1\r"
                        + "PID|1||P1^^^GENHOSP^MR||DOE^JANE\r",
                "MSH|^~\\&|RIS^1.2.3^ISO|NORTH\\T\\CLINIC|PACS|RAD|20261127083000||ORM^O01|MSG 2|T^A|2.3\r"
                        + "PID|1||P2\r",
                "MSH|^~\\&|HIS|SOUTH|ISTHMUS|RAD|20261127083000+0100||ADT^A08^ADT_A01|X3|P|2.8|||AL|NE||UNICODE UTF-8\r"
                        + "PID|1||P3^^^SOUTH^MR\r",
                "MSH|^~\\&|LAB||||20261127083000||ORU^R01|4|P|2.4\rPID|1||P4\r"
            })
    void acceptanceCarriesWhatHapiWouldPutInIt(String text) throws Exception {
        Message message = Hl7Parsing.pipeParser(Hl7Parsing.newContext()).parse(text);

        String ours = Acknowledgments.forMessage(message, AcknowledgmentCode.AA);
        String hapis = message.generateACK(AcknowledgmentCode.AA, null).encode();

        assertThat(withoutTimeAndControlId(ours)).isEqualTo(withoutTimeAndControlId(hapis));
        assertThat(ours.split("\r")[0].split("\\|")[9]).matches("IS[0-9A-Z]{1,18}");
        // taken from the text as received, the header is echoed exactly as from the parsed model
        String fromText = Acknowledgments.forReceived(text, message, AcknowledgmentCode.AA);
        assertThat(blankTimeAndControlId(fromText)).isEqualTo(blankTimeAndControlId(ours));
    }

    @Test
    void aTextThatDoesNotStartWithMshStillGetsItsAcknowledgmentFromTheModel() throws Exception {
        Message message = Hl7Parsing.pipeParser(Hl7Parsing.newContext()).parse(A04);

        String ack = Acknowledgments.forReceived("\u0000garbled", message, AcknowledgmentCode.AA);

        assertThat(ack)
                .startsWith("MSH|^~\\&|ISTHMUS|RADIOLOGY|EPICADT|GENHOSP|")
                .contains("\rMSA|AA|MSG-1\r");
    }

    private static String blankTimeAndControlId(String ack) {
        String[] msh = ack.split("\r", 2)[0].split("\\|", -1);
        msh[6] = "";
        msh[9] = "";
        return String.join("|", msh) + "\r" + ack.split("\r", 2)[1];
    }

    @Test
    void applicationsAndProcessingIdAreEchoedWhole() throws Exception {
        Message message = Hl7Parsing.pipeParser(Hl7Parsing.newContext())
                .parse("MSH|^~\\&|RIS^1.2.3^ISO|NORTH|PACS|RAD|20261127083000||ORM^O01|M7|T^A|2.3\rPID|1||P2\r");

        // HAPI keeps only the first component of each; HL7 asks for MSH-3 of the message in MSH-5 of the ACK
        assertThat(Acknowledgments.forMessage(message, AcknowledgmentCode.AA))
                .startsWith("MSH|^~\\&|PACS|RAD|RIS^1.2.3^ISO|NORTH|")
                .contains("|ACK^O01^ACK|")
                .contains("|T^A|2.3\r");
    }

    // MSH-7 and MSH-10 differ by construction (the time of writing, a fresh control id); HAPI keeps only
    // the first component of MSH-3 to MSH-6 and MSH-11, which we echo whole
    private static String withoutTimeAndControlId(String ack) {
        String[] segments = ack.split("\r");
        String[] msh = segments[0].split("\\|", -1);
        msh[6] = "";
        msh[9] = "";
        for (int field : new int[] {2, 3, 4, 5, 10}) {
            msh[field] = msh[field].split("\\^", -1)[0];
        }
        segments[0] = String.join("|", msh);
        return String.join("\r", segments);
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
