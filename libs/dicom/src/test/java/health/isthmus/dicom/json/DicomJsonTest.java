package health.isthmus.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import java.util.List;
import org.junit.jupiter.api.Test;

class DicomJsonTest {

    private static Attributes sample() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "", "AXIAL");
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "");
        ds.setString(Tag.InstanceNumber, VR.IS, "7");
        ds.setString(Tag.PixelSpacing, VR.DS, "0.5", "+.25");
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setInt(Tag.PixelPaddingValue, VR.SS, -2000);
        ds.setFloat(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 1.5f);
        ds.setDouble(Tag.DoubleFloatPixelPaddingValue, VR.FD, 0.1);
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        ds.setBytes(0x00291010, VR.OB, new byte[] {1, 2, 3, 4});
        Attributes item = ds.newSequence(Tag.ReferencedStudySequence).addItem();
        item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3");
        ds.newSequence(Tag.OtherPatientIDsSequence);
        ds.setBulkData(Tag.PixelData, VR.OW, BulkData.ofUri("https://archive/studies/1/bulk/7FE00010"));
        return ds;
    }

    @Test
    void writesTheShapesOfPs318AnnexF() {
        String json = new DicomJsonWriter().toJson(sample());

        assertThat(json)
                .contains("\"00080008\":{\"vr\":\"CS\",\"Value\":[\"ORIGINAL\",null,\"AXIAL\"]}")
                .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Yamada^Tarou\","
                        + "\"Ideographic\":\"山田^太郎\",\"Phonetic\":\"やまだ^たろう\"}]}")
                .contains("\"00080090\":{\"vr\":\"PN\"}")
                .contains("\"00200013\":{\"vr\":\"IS\",\"Value\":[7]}")
                .contains("\"00280030\":{\"vr\":\"DS\",\"Value\":[0.5,0.25]}")
                .contains("\"00280010\":{\"vr\":\"US\",\"Value\":[512]}")
                .contains("\"00280120\":{\"vr\":\"SS\",\"Value\":[-2000]}")
                .contains("\"00280009\":{\"vr\":\"AT\",\"Value\":[\"00181063\"]}")
                .contains("\"00291010\":{\"vr\":\"OB\",\"InlineBinary\":\"AQIDBA==\"}")
                .contains(
                        "\"00081110\":{\"vr\":\"SQ\",\"Value\":[{\"00081155\":{\"vr\":\"UI\",\"Value\":[\"1.2.3\"]}}]}")
                .contains("\"00101002\":{\"vr\":\"SQ\"}")
                .contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"https://archive/studies/1/bulk/7FE00010\"}");
    }

    @Test
    void readsBackWhatItWrites() {
        Attributes back = new DicomJsonReader().read(new DicomJsonWriter().toJson(sample()));

        assertThat(back.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "", "AXIAL");
        assertThat(back.getString(Tag.PatientName)).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(back.getPersonName(Tag.PatientName).ideographic().given()).isEqualTo("太郎");
        assertThat(back.contains(Tag.ReferringPhysicianName)).isTrue();
        assertThat(back.getInt(Tag.InstanceNumber, 0)).isEqualTo(7);
        assertThat(back.getDoubles(Tag.PixelSpacing)).containsExactly(0.5, 0.25);
        assertThat(back.getInt(Tag.Rows, 0)).isEqualTo(512);
        assertThat(back.getBytes(Tag.Rows)).containsExactly(0x00, 0x02);
        assertThat(back.getInt(Tag.PixelPaddingValue, 0)).isEqualTo(-2000);
        assertThat(back.getFloat(Tag.RecommendedDisplayFrameRateInFloat, 0)).isEqualTo(1.5f);
        assertThat(back.getDouble(Tag.DoubleFloatPixelPaddingValue, 0)).isEqualTo(0.1);
        assertThat(back.getInts(Tag.FrameIncrementPointer)).containsExactly(Tag.FrameTime);
        assertThat(back.getBytes(0x00291010)).containsExactly(1, 2, 3, 4);
        assertThat(back.getNestedDataset(Tag.ReferencedStudySequence).getString(Tag.ReferencedSOPInstanceUID))
                .isEqualTo("1.2.3");
        assertThat(back.getSequence(Tag.OtherPatientIDsSequence)).isEmpty();
        assertThat(back.getBulkData(Tag.PixelData).uri()).isEqualTo("https://archive/studies/1/bulk/7FE00010");
        assertThat(new DicomJsonWriter().toJson(back)).isEqualTo(new DicomJsonWriter().toJson(sample()));
    }

    @Test
    void bulkDataUrisAreChosenByTheCaller() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.PixelData, VR.OW, new byte[1024]);
        ds.setBytes(0x00291010, VR.OB, new byte[] {9});
        BulkDataUris large = (owner, tag, vr, value) ->
                value instanceof byte[] bytes && bytes.length > 100 ? "bulk/" + Integer.toHexString(tag) : null;

        String json = new DicomJsonWriter(large).toJson(ds);

        assertThat(json).contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"bulk/7fe00010\"}");
        assertThat(json).contains("\"00291010\":{\"vr\":\"OB\",\"InlineBinary\":\"CQ==\"}");
    }

    @Test
    void readsArraysOfDatasets() {
        List<Attributes> list = new DicomJsonReader()
                .readArray(new java.io.ByteArrayInputStream(
                        "[{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}},{}]".getBytes()));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).getString(Tag.PatientID)).isEqualTo("A");
    }

    @Test
    void malformedJsonEndsInAClearException() {
        DicomJsonReader reader = new DicomJsonReader();
        assertThatThrownBy(() -> reader.read("{\"0010001\":{\"vr\":\"PN\"}}"))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("eight hex digits");
        assertThatThrownBy(() -> reader.read("{\"00100010\":{\"Value\":[\"x\"]}}"))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("\"vr\" must come before");
        assertThatThrownBy(() -> reader.read("{\"00100010\":{\"vr\":\"XX\"}}"))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("unknown VR");
        assertThatThrownBy(() -> reader.read("{\"00280010\":{\"vr\":\"US\",\"Value\":[\"many\"]}}"))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("do not fit US");
        assertThatThrownBy(() -> reader.read("{\"00100010\":{\"vr\":\"PN\",\"Value\":["))
                .isInstanceOf(DicomJsonException.class);
        assertThatThrownBy(() -> reader.read("[]")).isInstanceOf(DicomJsonException.class);
        // '=' separates a name's groups: inside one it would move the rest into the next group
        assertThatThrownBy(() -> reader.read("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Phonetic\":\"=^^\"}]}}"))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("Phonetic group of a person name contains '='");
    }

    @Test
    void aStoredNameWithMoreThanThreeGroupsIsWrittenWithItsFirstThreeAndReadsBack() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientName, VR.PN, "Doe^Jane=D^J=do^jane=extra=more");
        String json = new DicomJsonWriter().toJson(ds);
        assertThat(json)
                .isEqualTo("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Doe^Jane\","
                        + "\"Ideographic\":\"D^J\",\"Phonetic\":\"do^jane\"}]}}");
        assertThat(new DicomJsonReader().read(json).getString(Tag.PatientName)).isEqualTo("Doe^Jane=D^J=do^jane");
    }

    @Test
    void aNumberOfOnlySpacesIsWrittenAsAnEmptyAttribute() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SeriesNumber, VR.IS, " ");
        assertThat(new DicomJsonWriter().toJson(ds)).isEqualTo("{\"00200011\":{\"vr\":\"IS\"}}");
    }

    @Test
    void nestingIsBounded() {
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            json.append("{\"00081115\":{\"vr\":\"SQ\",\"Value\":[");
        }
        assertThatThrownBy(() -> new DicomJsonReader().read(json.toString()))
                .isInstanceOf(DicomJsonException.class)
                .hasMessageContaining("nested deeper than 64");
    }
}
