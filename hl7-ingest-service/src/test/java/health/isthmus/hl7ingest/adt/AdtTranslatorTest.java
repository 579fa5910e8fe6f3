package health.isthmus.hl7ingest.adt;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import health.isthmus.events.EventCatalog;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PostalAddress;
import health.isthmus.events.hl7.PatientIdentifierChanged;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.translation.Translation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdtTranslatorTest {

    private final AdtTranslator translator = new AdtTranslator();

    @ParameterizedTest
    @CsvSource({
        "A01, ADT_A01, hl7.PatientAdmitted.v1",
        "A02, ADT_A02, hl7.PatientTransferred.v1",
        "A03, ADT_A03, hl7.PatientDischarged.v1",
        "A04, ADT_A01, hl7.PatientRegistered.v1",
        "A05, ADT_A05, hl7.PatientPreAdmitted.v1",
        "A06, ADT_A06, hl7.PatientClassChanged.v1",
        "A07, ADT_A06, hl7.PatientClassChanged.v1",
        "A08, ADT_A01, hl7.PatientUpdated.v1",
        "A11, ADT_A09, hl7.AdmissionCancelled.v1",
        "A12, ADT_A12, hl7.TransferCancelled.v1",
        "A13, ADT_A01, hl7.DischargeCancelled.v1",
        "A28, ADT_A05, hl7.PersonAdded.v1",
        "A31, ADT_A05, hl7.PersonUpdated.v1",
        "A40, ADT_A39, hl7.PatientsMerged.v1",
        "A47, ADT_A30, hl7.PatientIdentifierChanged.v1"
    })
    void everyTriggerBecomesItsEvent(String trigger, String structure, String wireType) throws Exception {
        IsthmusEvent event = translate(
                "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RAD|20261127083000||ADT^" + trigger + "^"
                        + structure + "|C-" + trigger + "|P|2.5.1\r"
                        + "EVN|" + trigger + "|20261127083000\r"
                        + "PID|1||MRN1^^^GENHOSP^MR||DOE^JANE||19800214|F\r"
                        + "MRG|MRN9^^^GENHOSP^MR\r"
                        + "PV1|1|I|W1^1^1^GENHOSP\r",
                trigger);

        assertThat(EventCatalog.wireType(event.getClass())).isEqualTo(wireType);
        assertThat(event.partitionKey()).isEqualTo("GENHOSP|MRN1");
    }

    @Test
    void identifierChangeNamesThePreviousIdentifier() throws Exception {
        IsthmusEvent event = translate(
                "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RAD|20261127083000||ADT^A47^ADT_A30|C-1|P|2.5.1\r"
                        + "EVN|A47|20261127083000\r"
                        + "PID|1||NEW1^^^GENHOSP^MR||DOE^JANE\r"
                        + "MRG|OLD1^^^GENHOSP^MR\r",
                "A47");

        assertThat(((PatientIdentifierChanged) event).previous().value()).isEqualTo("OLD1");
    }

    @Test
    void addressAndHomePhoneTravelWithThePatient() throws Exception {
        IsthmusEvent event = translate(
                "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RAD|20261127083000||ADT^A04^ADT_A01|C-2|P|2.5.1\r"
                        + "EVN|A04|20261127083000\r"
                        + "PID|1||MRN1^^^GENHOSP^MR||DOE^JANE||19800214|F|||"
                        + "12 MAIN STREET^APT 4^SPRINGFIELD^IL^62701^USA^H||"
                        + "^PRN^PH^^1^217^5550100~(217)555-0199\r"
                        + "PV1|1|O\r",
                "A04");

        PatientDemographics patient = ((PatientRegistered) event).patient();
        assertThat(patient.address())
                .isEqualTo(new PostalAddress(List.of("12 MAIN STREET", "APT 4"), "SPRINGFIELD", "IL", "62701", "USA"));
        assertThat(patient.phone()).isEqualTo("1 217 5550100");
    }

    @Test
    void aPatientWithoutAddressOrPhoneHasNeither() throws Exception {
        IsthmusEvent event = translate(
                "MSH|^~\\&|EPICADT|GENHOSP|ISTHMUS|RAD|20261127083000||ADT^A04^ADT_A01|C-3|P|2.5.1\r"
                        + "EVN|A04|20261127083000\r"
                        + "PID|1||MRN1^^^GENHOSP^MR||DOE^JANE||19800214|F|||^^^^^USA||(217)555-0199\r",
                "A04");

        PatientDemographics patient = ((PatientRegistered) event).patient();
        assertThat(patient.address()).isNull();
        assertThat(patient.phone()).isEqualTo("(217)555-0199");
    }

    private IsthmusEvent translate(String text, String trigger) throws Exception {
        Message message = Hl7Parsing.pipeParser(Hl7Parsing.newContext()).parse(text);
        Translation translation =
                translator.translate(message, RawHeader.of(text.getBytes(StandardCharsets.UTF_8)), trigger);
        assertThat(translation).isInstanceOf(Translation.Translated.class);
        return ((Translation.Translated) translation).event(1, Instant.EPOCH, "GENHOSP");
    }
}
