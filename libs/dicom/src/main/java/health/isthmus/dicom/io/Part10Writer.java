package health.isthmus.dicom.io;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Part 10 files: preamble, File Meta Information and data set, either encoded from {@link Attributes} or
 * passed through as the bytes a C-STORE delivered (no re-encoding: the meta header is prepended).
 */
public final class Part10Writer {

    private Part10Writer() {}

    /** Writes a file with the data set encoded in the meta's transfer syntax; bulk references read from source. */
    public static void write(OutputStream out, Attributes meta, Attributes dataset, BulkDataSource source)
            throws IOException {
        DicomOutputStream dicom = new DicomOutputStream(out);
        dicom.setBulkDataSource(source);
        dicom.writeFileMetaInformation(meta);
        String ts = meta.getString(Tag.TransferSyntaxUID);
        dicom.writeDataset(dataset, TransferSyntax.of(ts == null ? "" : ts));
        dicom.flush();
    }

    /** Writes a file with the data set encoded in the meta's transfer syntax. */
    public static void write(OutputStream out, Attributes meta, Attributes dataset) throws IOException {
        DicomOutputStream dicom = new DicomOutputStream(out);
        dicom.writeFileMetaInformation(meta);
        String ts = meta.getString(Tag.TransferSyntaxUID);
        dicom.writeDataset(dataset, TransferSyntax.of(ts == null ? "" : ts));
        dicom.flush();
    }

    /** Writes a file to a path. */
    public static void write(Path file, Attributes meta, Attributes dataset) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, meta, dataset);
        }
    }

    /** Writes only the preamble and File Meta Information; the caller appends the encoded data set. */
    public static void writeMeta(OutputStream out, Attributes meta) throws IOException {
        DicomOutputStream dicom = new DicomOutputStream(out);
        dicom.writeFileMetaInformation(meta);
        dicom.flush();
    }

    /**
     * Writes a file from File Meta Information and a data set already encoded in the meta's transfer syntax (as
     * received by C-STORE), copying the data set bytes unchanged. Returns the number of data set bytes copied.
     */
    public static long writePassThrough(OutputStream out, Attributes meta, InputStream encodedDataset)
            throws IOException {
        writeMeta(out, meta);
        long copied = encodedDataset.transferTo(out);
        out.flush();
        return copied;
    }
}
