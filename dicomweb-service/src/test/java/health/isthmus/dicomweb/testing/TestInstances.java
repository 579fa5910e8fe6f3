package health.isthmus.dicomweb.testing;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10Writer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Synthetic instances built with libs/dicom: a CT-like image (MONOCHROME2, 16 bits) whose pixel values are a ramp,
 * written as Part 10 files in a chosen transfer syntax. Every UID is fresh unless given.
 */
public final class TestInstances {

    private TestInstances() {}

    /** The patient, study and series an instance belongs to. */
    public record Study(String patientId, String patientName, String studyUid, String seriesUid, String accession) {

        /** A new study of a patient, with one series. */
        public static Study of(String patientId, String patientName, String accession) {
            return new Study(patientId, patientName, Uids.create(), Uids.create(), accession);
        }

        /** Another series of the same study. */
        public Study nextSeries() {
            return new Study(patientId, patientName, studyUid, Uids.create(), accession);
        }
    }

    /** A CT image data set of {@code size x size} pixels (16-bit ramp starting at {@code seed}). */
    public static Attributes ct(Study study, String sopInstanceUid, int instanceNumber, int size, int seed) {
        Attributes ds = header(study, Uid.CTImageStorage, sopInstanceUid, instanceNumber, "CT");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, size);
        ds.setInt(Tag.Columns, VR.US, size);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 12);
        ds.setInt(Tag.HighBit, VR.US, 11);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        ds.setString(Tag.WindowCenter, VR.DS, "1024");
        ds.setString(Tag.WindowWidth, VR.DS, "2048");
        byte[] pixels = new byte[size * size * 2];
        for (int i = 0; i < size * size; i++) {
            int value = (seed + i) & 0x0FFF;
            pixels[2 * i] = (byte) value;
            pixels[2 * i + 1] = (byte) (value >> 8);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }

    /**
     * A secondary capture image whose pixel data is one JPEG baseline frame (encapsulated, passed through as sent).
     *
     * @param jpeg a baseline JPEG of an 8-bit grayscale image of {@code size x size}
     */
    public static Attributes jpegSecondaryCapture(Study study, String sopInstanceUid, int size, byte[] jpeg) {
        Attributes ds = header(study, Uid.SecondaryCaptureImageStorage, sopInstanceUid, 1, "OT");
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, size);
        ds.setInt(Tag.Columns, VR.US, size);
        ds.setInt(Tag.BitsAllocated, VR.US, 8);
        ds.setInt(Tag.BitsStored, VR.US, 8);
        ds.setInt(Tag.HighBit, VR.US, 7);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        Fragments fragments = new Fragments(VR.OB);
        fragments.add(new byte[0]);
        fragments.add(jpeg.length % 2 == 0 ? jpeg : java.util.Arrays.copyOf(jpeg, jpeg.length + 1));
        ds.setFragments(Tag.PixelData, fragments);
        return ds;
    }

    private static Attributes header(
            Study study, String sopClassUid, String sopInstanceUid, int instanceNumber, String modality) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, sopClassUid);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sopInstanceUid);
        ds.setString(Tag.StudyDate, VR.DA, "20261127");
        ds.setString(Tag.StudyTime, VR.TM, "100000");
        ds.setString(Tag.AccessionNumber, VR.SH, study.accession());
        ds.setString(Tag.Modality, VR.CS, modality);
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "HOUSE^GREGORY");
        ds.setString(Tag.StudyDescription, VR.LO, "CT HEAD WO CONTRAST");
        ds.setString(Tag.PatientName, VR.PN, study.patientName());
        ds.setString(Tag.PatientID, VR.LO, study.patientId());
        ds.setString(Tag.PatientBirthDate, VR.DA, "19800214");
        ds.setString(Tag.PatientSex, VR.CS, "F");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study.studyUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, study.seriesUid());
        ds.setString(Tag.StudyID, VR.SH, "1");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(instanceNumber));
        return ds;
    }

    /** The data set as a Part 10 file in a transfer syntax. */
    public static byte[] part10(Attributes dataset, String transferSyntaxUid) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Part10Writer.write(out, FileMetaInformation.createFor(dataset, transferSyntaxUid), dataset);
        return out.toByteArray();
    }

    /** Writes the data set as a Part 10 file in a transfer syntax. */
    public static Path write(Path file, Attributes dataset, String transferSyntaxUid) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, part10(dataset, transferSyntaxUid));
        return file;
    }

    /** A baseline JPEG of a gray gradient, {@code size x size}, made with the JDK's encoder. */
    public static byte[] grayJpeg(int size) throws IOException {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(size, size, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int gray = (x + y) * 255 / (2 * size);
                image.getRaster().setSample(x, y, 0, gray);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** A STOW-RS body: each file a {@code application/dicom} part between the given boundary's delimiters. */
    public static byte[] multipartRelated(String boundary, List<byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] file : files) {
            out.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
