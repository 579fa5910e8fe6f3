package health.isthmus.dicom.testing;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.Uid;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10Writer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Synthetic CT-like Part 10 files (Explicit VR Little Endian, 16-bit monochrome) with a made-up patient. */
public final class SyntheticImages {

    private static final String ROOT = "2.25.3141592653589793238462643383279";

    private SyntheticImages() {}

    /** The SOP instance UID of the n-th synthetic instance. */
    public static String instanceUid(int n) {
        return ROOT + ".3." + n;
    }

    /** Writes a CT image of rows x columns 16-bit pixels (deterministic noise) and returns its path. */
    public static Path writeCt(Path file, int n, int rows, int columns) throws IOException {
        Attributes data = new Attributes(24);
        data.setString(Tag.SOPClassUID, VR.UI, Uid.CTImageStorage);
        data.setString(Tag.SOPInstanceUID, VR.UI, instanceUid(n));
        data.setString(Tag.StudyDate, VR.DA, "20261128");
        data.setString(Tag.Modality, VR.CS, "CT");
        data.setString(Tag.PatientName, VR.PN, "SYNTHETIC^PATIENT");
        data.setString(Tag.PatientID, VR.LO, "SYN-0001");
        data.setString(Tag.StudyInstanceUID, VR.UI, ROOT + ".1");
        data.setString(Tag.SeriesInstanceUID, VR.UI, ROOT + ".2");
        data.setString(Tag.InstanceNumber, VR.IS, Integer.toString(n));
        data.setInt(Tag.SamplesPerPixel, VR.US, 1);
        data.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        data.setInt(Tag.Rows, VR.US, rows);
        data.setInt(Tag.Columns, VR.US, columns);
        data.setInt(Tag.BitsAllocated, VR.US, 16);
        data.setInt(Tag.BitsStored, VR.US, 12);
        data.setInt(Tag.HighBit, VR.US, 11);
        data.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = new byte[rows * columns * 2];
        Random random = new Random(n);
        for (int i = 0; i < pixels.length; i += 2) {
            int value = random.nextInt(4096);
            pixels[i] = (byte) value;
            pixels[i + 1] = (byte) (value >>> 8);
        }
        data.setBytes(Tag.PixelData, VR.OW, pixels);
        Part10Writer.write(file, FileMetaInformation.createFor(data, Uid.ExplicitVRLittleEndian), data);
        return file;
    }
}
