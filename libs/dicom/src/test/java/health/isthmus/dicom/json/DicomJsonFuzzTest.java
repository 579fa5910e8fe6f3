package health.isthmus.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import health.isthmus.dicom.data.Attributes;
import java.io.ByteArrayInputStream;

/**
 * Fuzz target for the DICOM JSON reader: only {@link DicomJsonException} may come out, and whatever was read writes
 * to JSON that reads back to the same JSON. The seeds under src/test/resources replay in every build.
 */
class DicomJsonFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void jsonReader(byte[] data) {
        Attributes dataset;
        try {
            dataset = new DicomJsonReader().read(new ByteArrayInputStream(data));
        } catch (DicomJsonException expected) {
            return;
        }
        String json = new DicomJsonWriter().toJson(dataset);
        String again = new DicomJsonWriter().toJson(new DicomJsonReader().read(json));
        assertThat(again).isEqualTo(json);
    }
}
