package health.isthmus.dicom.io;

import health.isthmus.dicom.data.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A DICOM Part 10 file read into memory: File Meta Information and data set.
 *
 * @param fileMetaInformation group 0002
 * @param dataset the data set
 * @param pixelDataPosition where the Pixel Data element starts when reading stopped before it, else -1
 */
public record Part10File(Attributes fileMetaInformation, Attributes dataset, long pixelDataPosition) {

    /** Reads a whole file. */
    public static Part10File read(Path file) throws IOException {
        return read(file, ReadOptions.DEFAULT);
    }

    /**
     * Reads a file with options: {@link ReadOptions#HEADERS_ONLY} to index a header without touching the pixels,
     * {@link ReadOptions#BULK_DATA_REFERENCES} to keep pixel data and large binaries as offsets into the file.
     */
    public static Part10File read(Path file, ReadOptions options) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, Files.size(file), options);
        }
    }

    /** Reads from a stream; {@code length} is the stream's size when known (else -1) for early length checks. */
    public static Part10File read(InputStream in, long length, ReadOptions options) throws IOException {
        DicomInputStream dicom = new DicomInputStream(in, length);
        Attributes meta = dicom.readFileMetaInformation();
        Attributes dataset = dicom.readDataset(options);
        return new Part10File(meta, dataset, dicom.pixelDataPosition());
    }

    /** The data set's transfer syntax, from the File Meta Information. */
    public TransferSyntax transferSyntax() {
        String uid = fileMetaInformation.getString(health.isthmus.dicom.data.Tag.TransferSyntaxUID);
        return TransferSyntax.of(uid == null ? "" : uid);
    }
}
