package health.isthmus.dicom.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.io.Part10Writer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files we write are read cleanly by DCMTK, and files DCMTK writes are read by us exactly as dcmdump shows them. */
class DcmtkInteropIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void dcmtkIsInstalled() {
        assumeTrue(Processes.onPath("dcmdump"), "DCMTK (dcmdump) is not installed: apt-get install dcmtk");
    }

    /** A data set with every common VR, nested sequences, three character sets' worth of names and private tags. */
    static Attributes richDataset(String sopInstanceUid) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, Uid.SecondaryCaptureImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.StudyTime, VR.TM, "153012.25");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240229153012.5+0100");
        ds.setString(Tag.AccessionNumber, VR.SH, "ACC-17");
        ds.setString(Tag.Modality, VR.CS, "OT");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "");
        ds.setString(Tag.StudyDescription, VR.LO, "Überprüfung Kopf");
        ds.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        ds.setString(Tag.PatientID, VR.LO, "P-001");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19700517");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setString(Tag.PatientAge, VR.AS, "053Y");
        ds.setString(Tag.AdditionalPatientHistory, VR.LT, "line one with \\ backslash, no line break");
        ds.setString(Tag.StudyComments, VR.LT, "odd");
        Sequence codes = ds.newSequence(Tag.ProcedureCodeSequence);
        Attributes code = codes.addItem();
        code.setString(Tag.CodeValue, VR.SH, "CTHEAD");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "99LOCAL");
        code.setString(Tag.CodeMeaning, VR.LO, "CT Kopf nativ");
        Attributes modifier = code.newSequence(Tag.ConceptCodeSequence).addItem();
        modifier.setString(Tag.CodeValue, VR.SH, "T-A0100");
        codes.addItem();
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.7");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.7.1");
        ds.setString(Tag.InstanceNumber, VR.IS, "7");
        ds.setString(Tag.ImagePositionPatient, VR.DS, "-125.5", "-130", "42.25");
        ds.setFloat(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 29.97f);
        ds.setDouble(Tag.DoubleFloatPixelPaddingValue, VR.FD, Math.PI);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
        ds.setInt(Tag.Rows, VR.US, 8);
        ds.setInt(Tag.Columns, VR.US, 8);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setInt(Tag.PixelPaddingValue, VR.SS, -2000);
        ds.setInt(Tag.SimpleFrameList, VR.UL, 1, 2, 3);
        ds.setString(0x00290010, VR.LO, "ISTHMUS TEST");
        ds.setString(0x00291001, VR.LO, "private text");
        ds.setInt(0x00291002, VR.UL, 123456);
        ds.setBytes(0x00291003, VR.OB, new byte[] {1, 2, 3});
        byte[] pixels = new byte[8 * 8 * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    private static Path writeOurs(String name, Attributes ds, String tsUid) throws IOException {
        Path file = dir.resolve(name);
        Part10Writer.write(file, FileMetaInformation.createFor(ds, tsUid), ds);
        return file;
    }

    private static Processes.Result dcmdump(Path file) throws IOException, InterruptedException {
        return Processes.run(dir, "dcmdump", "-Un", "+L", "+U8", file.toString());
    }

    private static void assertSameAsDcmdump(Path file) throws IOException, InterruptedException {
        Processes.Result dump = dcmdump(file);
        assertThat(dump.exitCode())
                .as("dcmdump exit code for %s: %s", file, dump.stderr())
                .isZero();
        Part10File ours = Part10File.read(file);
        List<String> expected = DumpLines.parseDcmdump(dump.stdout());
        List<String> actual = DumpLines.of(ours.fileMetaInformation(), ours.dataset());
        assertThat(expected).as("dcmdump saw elements").hasSizeGreaterThan(8);
        assertThat(actual)
                .as("%s: ours (left) vs dcmdump (right)", file.getFileName())
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"})
    void filesWeWriteAreReadByDcmtkWithoutAWarning(String tsUid) throws Exception {
        Path file =
                writeOurs("ours-" + tsUid + ".dcm", richDataset("1.2.3.4." + Math.abs(tsUid.hashCode() % 1000)), tsUid);

        Processes.Result dump = dcmdump(file);

        assertThat(dump.exitCode()).as(dump.stderr()).isZero();
        assertThat(dump.problems()).as("warnings and errors of dcmdump").isEmpty();
        assertThat(dump.stdout()).contains("Yamada^Tarou=山田^太郎=やまだ^たろう").contains("Überprüfung Kopf");
        assertSameAsDcmdump(file);
    }

    @Test
    void encapsulatedPixelDataWeWriteIsReadByDcmtkFragmentForFragment() throws Exception {
        Path jpeg = dir.resolve("gray.jpg");
        writeJpeg(jpeg);
        Attributes ds = eightBitGray(richDataset("1.2.3.4.99"), 64);
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(Files.readAllBytes(jpeg));
        ds.setFragments(Tag.PixelData, fragments);
        Path file = writeOurs("ours-jpeg.dcm", ds, Uid.JPEGBaseline8Bit);

        Processes.Result dump = dcmdump(file);

        assertThat(dump.problems()).isEmpty();
        assertThat(dump.stdout()).contains("PixelSequence #=2");
        assertSameAsDcmdump(file);
    }

    @Test
    void filesDcmtkWritesInEverySyntaxAreReadAsDcmdumpShowsThem() throws Exception {
        Path source = writeOurs("source.dcm", richDataset("1.2.3.4.5"), Uid.ExplicitVRLittleEndian);
        String[][] conversions = {
            {"+ti", "implicit"}, {"+te", "explicit"}, {"+tb", "big"}, {"+td", "deflated"}, {"-e", "undefined"}
        };
        for (String[] conversion : conversions) {
            Path converted = dir.resolve("dcmtk-" + conversion[1] + ".dcm");
            Processes.Result result =
                    Processes.run(dir, "dcmconv", conversion[0], source.toString(), converted.toString());
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertSameAsDcmdump(converted);
        }
    }

    @Test
    void aDump2dcmFileIsReadAsDcmdumpShowsIt() throws Exception {
        Path dump = dir.resolve("made.dump");
        Files.writeString(
                dump,
                String.join(
                        "\n",
                        "(0008,0005) CS [ISO_IR 100]",
                        "(0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]",
                        "(0008,0018) UI [1.2.3.4.5.6]",
                        "(0008,1110) SQ (Sequence with explicit length #=1)",
                        "(fffe,e000) na (Item with explicit length #=1)",
                        "(0008,1150) UI [1.2.840.10008.3.1.2.3.1]",
                        "(fffe,e00d) na (ItemDelimitationItem)",
                        "(fffe,e0dd) na (SequenceDelimitationItem)",
                        "(0010,0010) PN [Muller^Jorg]",
                        "(0018,1063) DS [33.3]",
                        "(0020,9128) UL 4294967295",
                        "(0028,0009) AT (0018,1063)\\(0018,1065)",
                        "(0028,0010) US 2",
                        "(0028,0011) US 2",
                        "(0028,0030) DS [0.5\\0.5]",
                        "(0028,1052) DS [-1024]",
                        "(0009,0010) LO [PRIVATE]",
                        "(0009,1001) OB 01\\02\\03",
                        "(7fe0,0010) OW 0001\\0002\\0003\\0004",
                        ""),
                StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("made.dcm");
        Processes.Result made = Processes.run(dir, "dump2dcm", "-g", "+te", dump.toString(), file.toString());
        assertThat(made.exitCode()).as(made.stderr()).isZero();

        assertSameAsDcmdump(file);
    }

    @Test
    void compressedFilesFromDcmtkKeepTheirFragmentsByteForByte() throws Exception {
        Path jpeg = dir.resolve("photo.jpg");
        writeJpeg(jpeg);
        Path fromJpeg = dir.resolve("img2dcm.dcm");
        Processes.Result made = Processes.run(dir, "img2dcm", jpeg.toString(), fromJpeg.toString());
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        assertSameAsDcmdump(fromJpeg);

        Attributes plain = eightBitGray(richDataset("1.2.3.4.77"), 16);
        byte[] pixels = new byte[256];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i ^ (i >> 3));
        }
        plain.setBytes(Tag.PixelData, VR.OB, pixels);
        Path source = writeOurs("plain8.dcm", plain, Uid.ExplicitVRLittleEndian);
        for (String tool : new String[] {"dcmcrle", "dcmcjpeg", "dcmcjpls"}) {
            if (!Processes.onPath(tool)) {
                continue;
            }
            Path compressed = dir.resolve(tool + ".dcm");
            Processes.Result result = Processes.run(dir, tool, source.toString(), compressed.toString());
            assertThat(result.exitCode()).as(tool + ": " + result.stderr()).isZero();
            assertSameAsDcmdump(compressed);
        }
    }

    /** Turns the rich data set into an unsigned 8-bit grayscale image of size x size. */
    private static Attributes eightBitGray(Attributes ds, int size) {
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.remove(Tag.PixelPaddingValue);
        ds.setInt(Tag.Rows, VR.US, size);
        ds.setInt(Tag.Columns, VR.US, size);
        return ds;
    }

    private static void writeJpeg(Path file) throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int v = (x * 4 + y * 2) & 0xFF;
                image.getRaster().setSample(x, y, 0, v);
            }
        }
        ImageIO.write(image, "jpg", file.toFile());
    }
}
