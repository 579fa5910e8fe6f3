package health.isthmus.hl7.message;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import org.junit.jupiter.api.Test;

class SegmentsTest {

    private final HapiContext hapi = Hl7Parsing.newContext();

    @Test
    void findsASegmentInsideANestedGroup() throws Exception {
        Message merge = hapi.getPipeParser()
                .parse("MSH|^~\\&|HIS|GENHOSP|ISTHMUS|RAD|20261128||ADT^A40^ADT_A39|M1|P|2.5.1\r"
                        + "EVN|A40|20261128\r"
                        + "PID|1||KEEP^^^GENHOSP^MR||DOE^JANE\r"
                        + "MRG|GONE^^^GENHOSP^MR\r");

        Segment mrg = Segments.first(merge, "MRG").orElseThrow();
        assertThat(mrg.getField(1, 0).encode()).isEqualTo("GONE^^^GENHOSP^MR");
    }

    @Test
    void aSegmentTheMessageDoesNotCarryIsAbsentEvenWhereTheModelAllowsIt() throws Exception {
        Message registration = hapi.getPipeParser()
                .parse("MSH|^~\\&|HIS|GENHOSP|ISTHMUS|RAD|20261128||ADT^A04^ADT_A01|R1|P|2.5.1\r"
                        + "EVN|A04|20261128\r"
                        + "PID|1||P1^^^GENHOSP^MR||DOE^JOHN\r"
                        + "PV1|1|O\r");

        assertThat(Segments.first(registration, "PV2")).isEmpty();
        assertThat(Segments.first(registration, "MRG")).isEmpty();
        assertThat(Segments.first(registration, "PID")).map(Segment::getName).contains("PID");
    }
}
