package health.isthmus.hl7ingest.sender;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.hl7.message.RawHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenderDirectoryTest {

    private static final SenderProperties.Site NORTH = new SenderProperties.Site(
            "NORTHCLINIC", "NORTHCLINIC", List.of("NCADT"), "NORTHCLINIC", "ISO-8859-1", null);

    @Test
    void configuredSiteIsFoundByFacilityAndApplication() {
        SenderDirectory directory = new SenderDirectory(new SenderProperties(false, List.of(NORTH)));

        var sender = directory.identify(header("NCADT", "northclinic^1.2.3^ISO"));

        assertThat(sender).hasValueSatisfying(found -> {
            assertThat(found.site()).isEqualTo("NORTHCLINIC");
            assertThat(found.configured()).isTrue();
            assertThat(found.charset()).contains(StandardCharsets.ISO_8859_1);
        });
    }

    @Test
    void otherApplicationOfAConfiguredFacilityIsRefused() {
        SenderDirectory directory = new SenderDirectory(new SenderProperties(false, List.of(NORTH)));

        assertThat(directory.identify(header("OTHERAPP", "NORTHCLINIC"))).isEmpty();
    }

    @Test
    void unknownSenderIsAcceptedAsItsOwnSiteOnlyWhenThePolicySaysSo() {
        assertThat(new SenderDirectory(new SenderProperties(false, List.of())).identify(header("A", "NEWSITE")))
                .isEmpty();
        assertThat(new SenderDirectory(new SenderProperties(true, List.of())).identify(header("A", "NEWSITE")))
                .hasValueSatisfying(found -> {
                    assertThat(found.site()).isEqualTo("NEWSITE");
                    assertThat(found.configured()).isFalse();
                });
    }

    private static RawHeader header(String application, String facility) {
        return RawHeader.of(("MSH|^~\\&|" + application + "|" + facility + "|ISTHMUS|RAD|20260101||ADT^A04|1|P|2.5.1\r")
                .getBytes(StandardCharsets.US_ASCII));
    }
}
