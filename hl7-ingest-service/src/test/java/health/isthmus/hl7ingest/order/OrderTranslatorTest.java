package health.isthmus.hl7ingest.order;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.model.Message;
import health.isthmus.events.hl7.OrderEvent;
import health.isthmus.hl7.message.Hl7Parsing;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.translation.Translation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OrderTranslatorTest {

    private static final String HEADER =
            "MSH|^~\\&|RIS|GENHOSP|ISTHMUS|RADIOLOGY|20261127084500||ORM^O01^ORM_O01|M1|P|2.5.1\r"
                    + "PID|1||MRN1^^^GENHOSP^MR||DOE^JANE\r";

    private final OrderTranslator translator = new OrderTranslator();

    @Test
    void fieldsInTheirStandardPlacesAreRead() throws Exception {
        OrderEvent event = translate(HEADER
                + "ORC|XO|PO-1^RIS|||SC\r"
                + "OBR|1|PO-1^RIS||MRKNEE^MR KNEE^L||||||||||||7^JONES^ANN||ACC-1|RP-1|SPS-1||||MR\r");

        assertThat(event.order().orderControl()).isEqualTo("XO");
        assertThat(event.order().accessionNumber()).isEqualTo("ACC-1");
        assertThat(event.order().requestedProcedureId()).isEqualTo("RP-1");
        assertThat(event.order().scheduledProcedureStepId()).isEqualTo("SPS-1");
        assertThat(event.order().modality()).isEqualTo("MR");
        assertThat(event.order().orderingProvider().family()).isEqualTo("JONES");
        assertThat(event.partitionKey()).isEqualTo("GENHOSP|ACC-1");
    }

    @Test
    void senderThatOmitsAFieldBeforeTheProviderIsReadInPlace() throws Exception {
        OrderEvent event = translate(HEADER
                + "ORC|CA|PO-1^RIS|||CA\r"
                + "OBR|1|PO-1^RIS||MRKNEE^MR KNEE^L|||||||||||||ACC-1|RP-1|SPS-1||||MR\r");

        assertThat(event.order().accessionNumber()).isEqualTo("ACC-1");
        assertThat(event.order().modality()).isEqualTo("MR");
    }

    @Test
    void unknownOrderControlIsInvalidContent() throws Exception {
        Message message = parse(HEADER + "ORC|ZZ|PO-1^RIS\rOBR|1|PO-1^RIS||X^X^L\r");

        Translation translation = translator.translate(message, header(message), "O01");

        assertThat(translation).isInstanceOf(Translation.Invalid.class);
    }

    private OrderEvent translate(String text) throws Exception {
        Message message = parse(text);
        Translation translation = translator.translate(message, header(message), "O01");
        assertThat(translation).isInstanceOf(Translation.Translated.class);
        return (OrderEvent) ((Translation.Translated) translation).event(1, Instant.EPOCH, "GENHOSP");
    }

    private static Message parse(String text) throws Exception {
        return Hl7Parsing.pipeParser(Hl7Parsing.newContext()).parse(text);
    }

    private static RawHeader header(Message message) throws Exception {
        return RawHeader.of(message.encode().getBytes(StandardCharsets.UTF_8));
    }
}
