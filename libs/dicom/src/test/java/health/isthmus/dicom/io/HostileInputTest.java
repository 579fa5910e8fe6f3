package health.isthmus.dicom.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HostileInputTest {

    private static Attributes read(byte[] bytes, TransferSyntax ts, boolean knownLength) throws IOException {
        return new DicomInputStream(new ByteArrayInputStream(bytes), knownLength ? bytes.length : -1)
                .readDataset(ts, ReadOptions.DEFAULT);
    }

    @Test
    void anAbsurdLengthIsRefusedBeforeAllocation() {
        // (7FE0,0010) OB with length 0xFFFFFFF0 and four bytes of data
        byte[] bytes = HexFormat.of().parseHex("e07f1000" + "4f420000" + "f0ffffff" + "01020304");

        assertThatThrownBy(() -> read(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void aLengthBeyondTheKnownSourceIsRefused() {
        byte[] bytes = HexFormat.of().parseHex("e07f1000" + "4f420000" + "00000010" + "01020304");

        assertThatThrownBy(() -> read(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("bytes left in the source");
    }

    @Test
    void aLyingLengthOnAStreamOfUnknownSizeCostsOnlyTheBytesThatArrive() {
        // claims 1 GiB, delivers 4 bytes: reading fails with "truncated" having allocated one step at most
        byte[] bytes = HexFormat.of().parseHex("e07f1000" + "4f420000" + "00000040" + "01020304");
        InputStream trickle = new ByteArrayInputStream(bytes);

        assertThatThrownBy(() -> new DicomInputStream(trickle)
                        .readDataset(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.DEFAULT))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedInputEndsInAClearException() throws IOException {
        Attributes ds = DicomStreamsTest.sample();
        byte[] whole = DicomStreamsTest.write(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true);
        for (int cut : new int[] {3, 9, 40, whole.length / 2, whole.length - 5}) {
            byte[] part = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> read(part, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true))
                    .as("cut at %d", cut)
                    .isInstanceOf(DicomStreamException.class);
        }
    }

    @Test
    void nestingIsBounded() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] open = HexFormat.of().parseHex("08001511" + "53510000" + "ffffffff" + "feff00e0" + "ffffffff");
        for (int i = 0; i < 200; i++) {
            bytes.write(open);
        }
        byte[] input = bytes.toByteArray();

        assertThatThrownBy(() -> read(input, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("nested deeper than 64");
    }

    @Test
    void anInvalidVrOrMisplacedItemIsNamed() {
        byte[] badVr = HexFormat.of().parseHex("10001000" + "7a7a0200" + "4142");
        assertThatThrownBy(() -> read(badVr, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("invalid VR");
        byte[] strayItem = HexFormat.of().parseHex("feff00e0" + "00000000");
        assertThatThrownBy(() -> read(strayItem, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, true))
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("item tag");
    }

    @Test
    void anItemThatOverrunsItsSequenceIsRefused() {
        // SQ of length 16 containing an item that claims 100 bytes
        byte[] bytes = HexFormat.of()
                .parseHex("08001511" + "53510000" + "10000000" + "feff00e0" + "64000000" + "10002000" + "4c4f0200"
                        + "4142");
        assertThatThrownBy(() -> read(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false))
                .isInstanceOf(DicomStreamException.class);
    }

    @Test
    void aFileWithoutPreambleOrMetaIsRefusedAsPart10() {
        byte[] bytes = new byte[200];
        assertThatThrownBy(() -> new DicomInputStream(new ByteArrayInputStream(bytes)).readFileMetaInformation())
                .isInstanceOf(DicomStreamException.class)
                .hasMessageContaining("DICM");
        Attributes meta = new Attributes();
        meta.setString(Tag.MediaStorageSOPClassUID, VR.UI, "1.2");
        assertThatThrownBy(() -> Part10Writer.writeMeta(new ByteArrayOutputStream(), meta))
                .hasMessageContaining("Transfer Syntax UID");
    }
}
