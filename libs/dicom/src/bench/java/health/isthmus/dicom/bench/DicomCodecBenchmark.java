package health.isthmus.dicom.bench;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.DicomInputStream;
import health.isthmus.dicom.io.DicomOutputStream;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10File;
import health.isthmus.dicom.io.Part10Writer;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicom.json.DicomJsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse and write costs of the codec on a synthetic CT series (512 x 512, 16 bit, about 520 KB a file) and on
 * header-heavy files (a structured report of about 3,000 elements in nested sequences, no pixels).
 *
 * <p>Each operation handles one file: MB/s = ops/s x the file size printed at setup. Run as the README says.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DicomCodecBenchmark {

    private Path dir;
    private Path ctFile;
    private byte[] ctBytes;
    private byte[] ctDatasetBytes;
    private Attributes ctDataset;
    private byte[] reportBytes;
    private Attributes reportDataset;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("dicom-bench");
        ctDataset = ctSlice(1);
        ctFile = dir.resolve("ct.dcm");
        Part10Writer.write(ctFile, FileMetaInformation.createFor(ctDataset, Uid.ExplicitVRLittleEndian), ctDataset);
        ctBytes = Files.readAllBytes(ctFile);
        ctDatasetBytes = encode(ctDataset, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        reportDataset = headerHeavy();
        reportBytes = encode(reportDataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        System.out.printf(
                "CT file: %d bytes; header-heavy data set: %d bytes, %d top-level elements%n",
                ctBytes.length, reportBytes.length, reportDataset.size());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(ctFile);
        Files.deleteIfExists(dir);
    }

    static Attributes ctSlice(int instance) {
        Attributes ds = new Attributes(64);
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, Uid.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.5." + instance);
        ds.setString(Tag.StudyDate, VR.DA, "20240229");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.Manufacturer, VR.LO, "Synthetic");
        ds.setString(Tag.PatientName, VR.PN, "Bench^Mark");
        ds.setString(Tag.PatientID, VR.LO, "BENCH-1");
        ds.setString(Tag.SliceThickness, VR.DS, "1.25");
        ds.setString(Tag.KVP, VR.DS, "120");
        ds.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.5");
        ds.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.5.1");
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(instance));
        ds.setString(Tag.ImagePositionPatient, VR.DS, "-250", "-250", Double.toString(instance * 1.25));
        ds.setString(Tag.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setInt(Tag.Columns, VR.US, 512);
        ds.setString(Tag.PixelSpacing, VR.DS, "0.976562", "0.976562");
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        ds.setString(Tag.RescaleSlope, VR.DS, "1");
        byte[] pixels = new byte[512 * 512 * 2];
        new Random(instance).nextBytes(pixels);
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    static Attributes headerHeavy() {
        Attributes ds = ctSlice(2);
        ds.remove(Tag.PixelData);
        ds.setString(Tag.SOPClassUID, VR.UI, Uid.ComprehensiveSRStorage);
        Sequence content = ds.newSequence(Tag.ContentSequence);
        for (int i = 0; i < 300; i++) {
            Attributes item = content.addItem();
            item.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
            item.setString(Tag.ValueType, VR.CS, "NUM");
            Attributes concept = item.newSequence(Tag.ConceptNameCodeSequence).addItem();
            concept.setString(Tag.CodeValue, VR.SH, "M-" + i);
            concept.setString(Tag.CodingSchemeDesignator, VR.SH, "99BENCH");
            concept.setString(Tag.CodeMeaning, VR.LO, "Measurement number " + i);
            Attributes value = item.newSequence(Tag.MeasuredValueSequence).addItem();
            value.setString(Tag.NumericValue, VR.DS, Double.toString(i * 0.5));
            value.setDouble(Tag.FloatingPointValue, VR.FD, i * 0.5);
        }
        return ds;
    }

    private static byte[] encode(Attributes ds, TransferSyntax ts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomOutputStream out = new DicomOutputStream(bytes);
        out.writeDataset(ds, ts);
        out.flush();
        return bytes.toByteArray();
    }

    /** A whole CT Part 10 file parsed from memory, pixel data included (one copy into the value array). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Attributes parseCtFileFromMemory() throws IOException {
        DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(ctBytes), ctBytes.length);
        in.readFileMetaInformation();
        return in.readDataset(ReadOptions.DEFAULT);
    }

    /** A CT data set as C-STORE delivers it (Implicit VR LE), parsed from memory. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Attributes parseCtDatasetFromMemory() throws IOException {
        return new DicomInputStream(new ByteArrayInputStream(ctDatasetBytes), ctDatasetBytes.length)
                .readDataset(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, ReadOptions.DEFAULT);
    }

    /** A CT file's header read from disk, stopping before the pixel data (what the archive indexes). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Part10File parseCtHeaderOnlyFromDisk() throws IOException {
        return Part10File.read(ctFile, ReadOptions.HEADERS_ONLY);
    }

    /** A CT file read from disk with the pixel data left as an offset reference. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Part10File parseCtWithBulkReferencesFromDisk() throws IOException {
        return Part10File.read(ctFile, ReadOptions.BULK_DATA_REFERENCES);
    }

    /** A CT data set written in Explicit VR LE (to a sink). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void writeCt() throws IOException {
        DicomOutputStream out = new DicomOutputStream(OutputStream.nullOutputStream());
        out.writeDataset(ctDataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        out.flush();
    }

    /** The header-heavy data set parsed from memory. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Attributes parseHeaderHeavy() throws IOException {
        return new DicomInputStream(new ByteArrayInputStream(reportBytes), reportBytes.length)
                .readDataset(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ReadOptions.DEFAULT);
    }

    /** The header-heavy data set written (to a sink). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void writeHeaderHeavy() throws IOException {
        DicomOutputStream out = new DicomOutputStream(OutputStream.nullOutputStream());
        out.writeDataset(reportDataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        out.flush();
    }

    /** The header-heavy data set as DICOM JSON (to a sink). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void writeHeaderHeavyAsJson() {
        new DicomJsonWriter().write(reportDataset, OutputStream.nullOutputStream());
    }
}
