package health.isthmus.hl7ingest.sender;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.hl7.message.Hl7Parsing;
import org.junit.jupiter.api.Test;

class DefaultAssigningAuthorityTest {

    @Test
    void identifiersWithoutAnAuthorityGetTheSitesAndOthersKeepTheirs() throws Exception {
        Message message = Hl7Parsing.pipeParser(Hl7Parsing.newContext())
                .parse("MSH|^~\\&|NCADT|NORTHCLINIC|ISTHMUS|RAD|20261127||ADT^A40^ADT_A39|M1|P|2.5.1\r"
                        + "EVN|A40|20261127\r"
                        + "PID|1||N100^^^^MR~S200^^^SSA^SS||DOE^JANE\r"
                        + "MRG|N099^^^^MR\r");

        DefaultAssigningAuthority.fill(message, "NORTHCLINIC");

        Terser terser = new Terser(message);
        assertThat(terser.get("/.PID-3(0)-4-1")).isEqualTo("NORTHCLINIC");
        assertThat(terser.get("/.PID-3(1)-4-1")).isEqualTo("SSA");
        assertThat(terser.get("/.MRG-1(0)-4-1")).isEqualTo("NORTHCLINIC");
    }
}
