package health.isthmus.dicomweb.wado;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

class MetadataWriterTest {

    static final String STORED = """
            {"00080018": {"vr": "UI", "Value": ["1.2.3"]},
             "00091001": {"vr": "OB", "BulkDataURI": "bulkdata/1200-3000"},
             "00100010": {"vr": "PN", "Value": [{"Alphabetic": "OLD^NAME"}]},
             "00100020": {"vr": "LO", "Value": ["MRN-OLD"]},
             "00100030": {"vr": "DA", "Value": ["19800214"]},
             "00281050": {"vr": "DS", "Value": [1024.50]},
             "7FE00010": {"vr": "OW", "BulkDataURI": "bulkdata/7FE00010"}}""";

    @Test
    void bulkDataUrisBecomeAbsoluteAndPatientAttributesFollowTheStudyRow() {
        String json = write(new PatientValues("NEW^NAME=ニュー", "MRN-NEW", "GENHOSP", null, "M"));
        assertThat(json)
                .isEqualTo("{\"00080018\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]},"
                        + "\"00091001\":{\"vr\":\"OB\",\"BulkDataURI\":\"https://pacs/i/bulkdata/1200-3000\"},"
                        + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"NEW^NAME\",\"Ideographic\":\"ニュー\"}]},"
                        + "\"00100020\":{\"vr\":\"LO\",\"Value\":[\"MRN-NEW\"]},"
                        + "\"00100021\":{\"vr\":\"LO\",\"Value\":[\"GENHOSP\"]},"
                        + "\"00100030\":{\"vr\":\"DA\"},"
                        + "\"00100040\":{\"vr\":\"CS\",\"Value\":[\"M\"]},"
                        + "\"00281050\":{\"vr\":\"DS\",\"Value\":[1024.50]},"
                        + "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"https://pacs/i/bulkdata/7FE00010\"}}");
    }

    @Test
    void theOriginalKeepsThePatientAttributesAsStored() {
        String json = write(null);
        assertThat(json).contains("\"OLD^NAME\"").contains("\"MRN-OLD\"").doesNotContain("00100040");
    }

    private static String write(@Nullable PatientValues patient) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(ObjectWriteContext.empty(), out)) {
            MetadataWriter.write(json, STORED, "https://pacs/i", patient);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
