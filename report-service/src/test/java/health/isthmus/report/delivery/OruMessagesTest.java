package health.isthmus.report.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.report.order.ReportOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OruMessagesTest {

    private final OruMessages messages = new OruMessages(
            new DeliveryProperties(null, Map.of(), "ISTHMUS", "RADIOLOGY", "EPIC", null, null, null, null, null, null));

    private static final ReportOrder ORDER = new ReportOrder(
            "GENHOSP",
            "ACC-9001",
            "PO-5001",
            "FO-7001",
            7L,
            "1.2.826.0.1.3680043.10.1234.1.9001",
            new PatientIdentifier("MRN100001", "GENHOSP", "MR"),
            null,
            "DOE",
            List.of("JANE", "Q"),
            LocalDate.of(1980, 2, 14),
            "F",
            new CodedValue("CTHEAD", "CT HEAD WITHOUT CONTRAST", "L"),
            "NW/SC");

    @Test
    void aFinalReportIsAnOruWithOneTxObservationPerLineAndEscapedDelimiters() {
        String oru = messages.build(new OruContent(
                "ISCTRL0001",
                Instant.parse("2026-11-27T11:30:00Z"),
                ORDER,
                12,
                2,
                "FINDINGS: A|B^C\n\nIMPRESSION: Normal.\n",
                "F",
                "dev-radiologist",
                Instant.parse("2026-11-27T11:29:00Z")));

        List<String> segments = List.of(oru.split("\r"));
        assertThat(segments.getFirst())
                .isEqualTo("MSH|^~\\&|ISTHMUS|RADIOLOGY|EPIC|GENHOSP|20261127113000+0000||ORU^R01^ORU_R01|ISCTRL0001|P"
                        + "|2.5.1||||||UNICODE UTF-8");
        assertThat(segments.get(1)).isEqualTo("PID|1||MRN100001^^^GENHOSP^MR||DOE^JANE^Q||19800214|F");
        assertThat(segments.get(2)).isEqualTo("ORC|RE|PO-5001|FO-7001||CM");
        assertThat(segments.get(3))
                .isEqualTo("OBR|1|PO-5001|FO-7001|CTHEAD^CT HEAD WITHOUT CONTRAST^L||||||||||||||ACC-9001||||"
                        + "20261127112900+0000||RAD|F|||||||dev-radiologist");
        assertThat(segments.subList(4, segments.size()))
                .containsExactly(
                        "OBX|1|TX|18782-3^Radiology Study observation^LN||FINDINGS: A\\F\\B\\S\\C||||||F|||"
                                + "20261127112900+0000",
                        "OBX|2|TX|18782-3^Radiology Study observation^LN||||||||F|||20261127112900+0000",
                        "OBX|3|TX|18782-3^Radiology Study observation^LN||IMPRESSION: Normal.||||||F|||"
                                + "20261127112900+0000");
    }
}
