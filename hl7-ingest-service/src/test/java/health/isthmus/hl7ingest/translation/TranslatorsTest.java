package health.isthmus.hl7ingest.translation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranslatorsTest {

    private static final String QUERY = "MSH|^~\\&|HIS|GENHOSP|ISTHMUS|RAD|20261127||SIU^S12^SIU_S12|Q1|P|2.5.1\r"
            + "SCH|1\r"
            + "PID|1||MRN7^^^GENHOSP^MR||DOE^JANE\r";

    @Test
    void otherMessagesAreRejectedByDefault() throws Exception {
        Translation translation =
                new Translators(List.of(), Translators.OtherMessages.REJECT).translate(parse(), header());

        assertThat(translation).isInstanceOf(Translation.Unsupported.class);
    }

    @Test
    void otherMessagesAreKeptWithTheirPatientWhenConfigured() throws Exception {
        Translation translation =
                new Translators(List.of(), Translators.OtherMessages.STORE).translate(parse(), header());

        assertThat(translation).isEqualTo(new Translation.Kept("S12", "GENHOSP|MRN7"));
    }

    private static Message parse() throws Exception {
        return Hl7Parsing.pipeParser(Hl7Parsing.newContext()).parse(QUERY);
    }

    private static RawHeader header() {
        return RawHeader.of(QUERY.getBytes(StandardCharsets.UTF_8));
    }
}
