package health.isthmus.dicom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Synthetic CT-like Part 10 files (Explicit VR Little Endian, 16-bit monochrome) with a made-up patient. */
public final class SyntheticImages {

    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    private static final String ROOT = "2.25.3141592653589793238462643383279";

    private SyntheticImages() {}

    /** The SOP instance UID of the n-th synthetic instance. */
    public static String instanceUid(int n) {
        return ROOT + ".3." + n;
    }

    /** Writes a CT image of rows x columns 16-bit pixels (deterministic noise) and returns its path. */
    public static Path writeCt(Path file, int n, int rows, int columns) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream(rows * columns * 2 + 1024);
        short16(data, 0x0008, 0x0016, "UI", PartTenFiles.uid(CT_IMAGE_STORAGE));
        short16(data, 0x0008, 0x0018, "UI", PartTenFiles.uid(instanceUid(n)));
        short16(data, 0x0008, 0x0020, "DA", PartTenFiles.text("20261128"));
        short16(data, 0x0008, 0x0060, "CS", PartTenFiles.text("CT"));
        short16(data, 0x0010, 0x0010, "PN", PartTenFiles.text("SYNTHETIC^PATIENT"));
        short16(data, 0x0010, 0x0020, "LO", PartTenFiles.text("SYN-0001"));
        short16(data, 0x0020, 0x000D, "UI", PartTenFiles.uid(ROOT + ".1"));
        short16(data, 0x0020, 0x000E, "UI", PartTenFiles.uid(ROOT + ".2"));
        short16(data, 0x0020, 0x0013, "IS", PartTenFiles.text(Integer.toString(n)));
        short16(data, 0x0028, 0x0002, "US", us(1));
        short16(data, 0x0028, 0x0004, "CS", PartTenFiles.text("MONOCHROME2"));
        short16(data, 0x0028, 0x0010, "US", us(rows));
        short16(data, 0x0028, 0x0011, "US", us(columns));
        short16(data, 0x0028, 0x0100, "US", us(16));
        short16(data, 0x0028, 0x0101, "US", us(12));
        short16(data, 0x0028, 0x0102, "US", us(11));
        short16(data, 0x0028, 0x0103, "US", us(0));
        byte[] pixels = new byte[rows * columns * 2];
        Random random = new Random(n);
        for (int i = 0; i < pixels.length; i += 2) {
            int value = random.nextInt(4096);
            pixels[i] = (byte) value;
            pixels[i + 1] = (byte) (value >>> 8);
        }
        data.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
        data.writeBytes("OW".getBytes(StandardCharsets.US_ASCII));
        data.writeBytes(new byte[] {0, 0});
        data.writeBytes(PartTenFiles.le32(pixels.length));
        data.writeBytes(pixels);
        byte[] header = PartTenFiles.header(
                CT_IMAGE_STORAGE, instanceUid(n), TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, "SYNTHETIC");
        try (var out = Files.newOutputStream(file)) {
            out.write(header);
            data.writeTo(out);
        }
        return file;
    }

    private static void short16(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.writeBytes(new byte[] {(byte) group, (byte) (group >>> 8), (byte) element, (byte) (element >>> 8)});
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >>> 8)});
        out.writeBytes(value);
    }

    private static byte[] us(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8)};
    }
}
