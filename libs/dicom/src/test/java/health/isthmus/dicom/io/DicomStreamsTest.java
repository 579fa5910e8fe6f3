package health.isthmus.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DicomStreamsTest {

    @TempDir
    Path dir;

    static Attributes sample() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, Uid.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.1");
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PatientName, VR.PN, "Müller^Jörg=ミュラー^ヨルグ");
        ds.setString(Tag.PatientID, VR.LO, "P-001");
        Sequence codes = ds.newSequence(Tag.ProcedureCodeSequence);
        Attributes code = codes.addItem();
        code.setString(Tag.CodeValue, VR.SH, "CTHEAD");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "99LOCAL");
        Sequence nested = code.newSequence(Tag.ContextGroupExtensionCreatorUID);
        assertThat(nested).isEmpty();
        code.remove(Tag.ContextGroupExtensionCreatorUID);
        codes.addItem(); // an empty item
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setString(Tag.PixelSpacing, VR.DS, "0.5", "0.5");
        ds.setDouble(Tag.SliceLocation, VR.DS, -12.5);
        ds.setFloat(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 1.5f);
        ds.setDouble(Tag.DoubleFloatPixelPaddingValue, VR.FD, Math.PI);
        ds.setInt(Tag.PixelPaddingValue, VR.SS, -1024);
        ds.setInt(Tag.SelectorATValue, VR.AT, Tag.PatientID);
        ds.setString(0x00090010, VR.LO, "ISTHMUS");
        ds.setBytes(0x00091001, VR.OB, new byte[] {1, 2, 3});
        byte[] pixels = new byte[32];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    static byte[] write(Attributes ds, TransferSyntax ts, boolean undefinedLengths) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomOutputStream out = new DicomOutputStream(bytes);
        out.setUndefinedSequenceLength(undefinedLengths);
        out.writeDataset(ds, ts);
        out.flush();
        return bytes.toByteArray();
    }

    static Attributes read(byte[] bytes, TransferSyntax ts) throws IOException {
        return new DicomInputStream(new ByteArrayInputStream(bytes), bytes.length).readDataset(ts, ReadOptions.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({
        "1.2.840.10008.1.2, true",
        "1.2.840.10008.1.2, false",
        "1.2.840.10008.1.2.1, true",
        "1.2.840.10008.1.2.1, false",
        "1.2.840.10008.1.2.2, true",
        "1.2.840.10008.1.2.1.99, false"
    })
    void everyNativeSyntaxRoundTripsEveryValue(String uid, boolean undefinedLengths) throws IOException {
        TransferSyntax ts = TransferSyntax.of(uid);
        Attributes back = read(write(sample(), ts, undefinedLengths), ts);

        assertThat(back.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(back.getString(Tag.PatientName)).isEqualTo("Müller^Jörg=ミュラー^ヨルグ");
        assertThat(back.getString(Tag.PatientID)).isEqualTo("P-001");
        Sequence codes = back.getSequence(Tag.ProcedureCodeSequence);
        assertThat(codes).hasSize(2);
        assertThat(codes.get(0).getString(Tag.CodeValue)).isEqualTo("CTHEAD");
        assertThat(codes.get(1).isEmpty()).isTrue();
        assertThat(back.getInt(Tag.Rows, 0)).isEqualTo(4);
        assertThat(back.getDoubles(Tag.PixelSpacing)).containsExactly(0.5, 0.5);
        assertThat(back.getDouble(Tag.SliceLocation, 0)).isEqualTo(-12.5);
        assertThat(back.getFloat(Tag.RecommendedDisplayFrameRateInFloat, 0)).isEqualTo(1.5f);
        assertThat(back.getDouble(Tag.DoubleFloatPixelPaddingValue, 0)).isEqualTo(Math.PI);
        assertThat(back.getInt(Tag.PixelPaddingValue, 0)).isEqualTo(-1024);
        assertThat(back.getInts(Tag.SelectorATValue)).containsExactly(Tag.PatientID);
        assertThat(back.getString(0x00090010)).isEqualTo("ISTHMUS");
        assertThat(back.getBytes(0x00091001)).as("odd OB padded to even").containsExactly(1, 2, 3, 0);
        assertThat(back.getBytes(Tag.PixelData)).isEqualTo(sample().getBytes(Tag.PixelData));
        assertThat(back.vr(Tag.PixelData)).isEqualTo(VR.OW);
    }

    @Test
    void implicitVrLittleEndianBytesAreExactlyAsTheStandardEncodesThem() throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientID, VR.LO, "ABC");
        ds.setInt(Tag.Rows, VR.US, 512);

        byte[] bytes = write(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, true);

        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("10002000" + "04000000" + "41424320" + "28001000" + "02000000" + "0002");
        byte[] explicit = write(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true);
        assertThat(HexFormat.of().formatHex(explicit))
                .isEqualTo("10002000" + "4c4f" + "0400" + "41424320" + "28001000" + "5553" + "0200" + "0002");
    }

    @Test
    void encapsulatedPixelDataPassesThroughUntouched() throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3");
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});
        fragments.add(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        ds.setFragments(Tag.PixelData, fragments);
        TransferSyntax jpeg = TransferSyntax.of(Uid.JPEGBaseline8Bit);

        Attributes back = read(write(ds, jpeg, true), jpeg);

        Fragments read = back.getFragments(Tag.PixelData);
        assertThat(read).hasSize(3);
        assertThat(read.bytes(0)).isEmpty();
        assertThat(read.bytes(1)).as("odd fragment padded").hasSize(8).startsWith(0xFF, 0xD8, 1, 2, 3, 0xFF, 0xD9);
        assertThat(read.bytes(2)).containsExactly(0xFF, 0xD8, 0xFF, 0xD9);
    }

    @Test
    void part10FilesCarryPreambleAndMetaAndCanStopBeforePixelData() throws IOException {
        Attributes ds = sample();
        Attributes meta = FileMetaInformation.createFor(ds, Uid.ExplicitVRLittleEndian);
        Path file = dir.resolve("ct.dcm");
        Part10Writer.write(file, meta, ds);
        byte[] bytes = Files.readAllBytes(file);

        assertThat(new String(bytes, 128, 4, StandardCharsets.US_ASCII)).isEqualTo("DICM");
        Part10File whole = Part10File.read(file);
        assertThat(whole.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID))
                .isEqualTo("1.2.826.0.1.3680043.2.1125.1");
        assertThat(whole.fileMetaInformation().getInt(Tag.FileMetaInformationGroupLength, 0))
                .isEqualTo(metaGroupLength(bytes));
        assertThat(whole.dataset().getBytes(Tag.PixelData)).hasSize(32);

        Part10File header = Part10File.read(file, ReadOptions.HEADERS_ONLY);
        assertThat(header.dataset().contains(Tag.PixelData)).isFalse();
        assertThat(header.dataset().getString(Tag.PatientID)).isEqualTo("P-001");
        int pixelTagAt = (int) header.pixelDataPosition();
        assertThat(Arrays.copyOfRange(bytes, pixelTagAt, pixelTagAt + 4)).containsExactly(0xE0, 0x7F, 0x10, 0x00);
        try (DicomInputStream in = new DicomInputStream(Files.newInputStream(file), bytes.length)) {
            in.readFileMetaInformation();
            in.readDataset(ReadOptions.HEADERS_ONLY);
            assertThat(in.remainingInput().readAllBytes())
                    .as("the rest of the file, from the Pixel Data tag on")
                    .isEqualTo(Arrays.copyOfRange(bytes, pixelTagAt, bytes.length));
        }

        Part10File references = Part10File.read(file, ReadOptions.BULK_DATA_REFERENCES);
        BulkData pixels = references.dataset().getBulkData(Tag.PixelData);
        assertThat(pixels.length()).isEqualTo(32);
        assertThat(Arrays.copyOfRange(bytes, (int) pixels.offset(), (int) (pixels.offset() + 32)))
                .isEqualTo(ds.getBytes(Tag.PixelData));

        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        Part10Writer.write(copy, references.fileMetaInformation(), references.dataset(), new FileBulkDataSource(file));
        assertThat(copy.toByteArray()).as("rewritten from references").isEqualTo(bytes);
    }

    private static int metaGroupLength(byte[] file) {
        int pos = 132 + 12;
        while (file[pos] == 0x02 && file[pos + 1] == 0x00) {
            String vr = new String(file, pos + 4, 2, StandardCharsets.US_ASCII);
            boolean longHeader = vr.equals("OB") || vr.equals("UN");
            int length = longHeader
                    ? (file[pos + 8] & 0xFF) | (file[pos + 9] & 0xFF) << 8
                    : (file[pos + 6] & 0xFF) | (file[pos + 7] & 0xFF) << 8;
            pos += (longHeader ? 12 : 8) + length;
        }
        return pos - (132 + 12);
    }

    @Test
    void encapsulatedFragmentsAreReportedByOffsetForServingFrames() throws IOException {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, Uid.SecondaryCaptureImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        byte[] frame = new byte[2000];
        Arrays.fill(frame, (byte) 7);
        fragments.add(frame);
        ds.setFragments(Tag.PixelData, fragments);
        Path file = dir.resolve("jpeg.dcm");
        Part10Writer.write(file, FileMetaInformation.createFor(ds, Uid.JPEGBaseline8Bit), ds);
        byte[] bytes = Files.readAllBytes(file);

        Fragments refs = Part10File.read(file, ReadOptions.BULK_DATA_REFERENCES)
                .dataset()
                .getFragments(Tag.PixelData);

        BulkData second = (BulkData) refs.get(1);
        assertThat(second.length()).isEqualTo(2000);
        assertThat(Arrays.copyOfRange(bytes, (int) second.offset(), (int) second.offset() + 2000))
                .isEqualTo(frame);
    }

    @Test
    void aReceivedDatasetIsStoredBehindAMetaHeaderWithoutReencoding() throws IOException {
        Attributes ds = sample();
        byte[] received = write(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, true);
        Attributes meta = FileMetaInformation.createFor(ds, Uid.ImplicitVRLittleEndian);
        ByteArrayOutputStream file = new ByteArrayOutputStream();

        long copied = Part10Writer.writePassThrough(file, meta, new ByteArrayInputStream(received));

        byte[] bytes = file.toByteArray();
        assertThat(copied).isEqualTo(received.length);
        assertThat(Arrays.copyOfRange(bytes, bytes.length - received.length, bytes.length))
                .isEqualTo(received);
        Part10File back = Part10File.read(new ByteArrayInputStream(bytes), bytes.length, ReadOptions.DEFAULT);
        assertThat(back.transferSyntax()).isEqualTo(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(back.dataset().getString(Tag.PatientName)).isEqualTo("Müller^Jörg=ミュラー^ヨルグ");
    }

    @Test
    void aReceivedDatasetIsStoredAsAPartTenFileReplacingWhatWasThere(@TempDir Path dir) throws IOException {
        Attributes ds = sample();
        byte[] received = write(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, true);
        Attributes meta = FileMetaInformation.createFor(ds, Uid.ExplicitVRLittleEndian);
        Path file = dir.resolve("instance.dcm");
        Files.write(file, new byte[received.length * 3]);

        for (boolean force : new boolean[] {false, true}) {
            long copied = Part10Writer.writePassThrough(file, meta, new ByteArrayInputStream(received), force);

            byte[] bytes = Files.readAllBytes(file);
            assertThat(copied).isEqualTo(received.length);
            assertThat(Arrays.copyOfRange(bytes, bytes.length - received.length, bytes.length))
                    .isEqualTo(received);
            Part10File back = Part10File.read(file, ReadOptions.DEFAULT);
            assertThat(back.fileMetaInformation().getString(Tag.MediaStorageSOPInstanceUID))
                    .isEqualTo(ds.getString(Tag.SOPInstanceUID));
            assertThat(back.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(back.dataset().getString(Tag.PatientName)).isEqualTo("Müller^Jörg=ミュラー^ヨルグ");
        }
    }

    @Test
    void commandSetGroupLengthIsComputed() throws IOException {
        Attributes command = new Attributes();
        command.setInt(Tag.CommandGroupLength, VR.UL, 0);
        command.setString(Tag.AffectedSOPClassUID, VR.UI, Uid.Verification);
        command.setInt(Tag.CommandField, VR.US, 0x0030);
        command.setInt(Tag.MessageID, VR.US, 1);
        command.setInt(Tag.CommandDataSetType, VR.US, 0x0101);

        byte[] bytes = write(command, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, true);

        Attributes back = read(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(back.getInt(Tag.CommandGroupLength, 0)).isEqualTo(bytes.length - 12);
        assertThat(back.getString(Tag.AffectedSOPClassUID)).isEqualTo(Uid.Verification);
    }

    @Test
    void undefinedLengthUnknownVrIsReadAsImplicitSequence() throws IOException {
        // (0009,1010) UN of undefined length holding one item with (0010,0020) LO "X " in Implicit VR LE
        byte[] bytes = HexFormat.of()
                .parseHex("09001010" + "554e0000" + "ffffffff" + "feff00e0" + "ffffffff" + "10002000" + "02000000"
                        + "5820" + "feff0de0" + "00000000" + "feffdde0" + "00000000");

        Attributes back = read(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        assertThat(back.getSequence(0x00091010).get(0).getString(Tag.PatientID)).isEqualTo("X");
    }
}
