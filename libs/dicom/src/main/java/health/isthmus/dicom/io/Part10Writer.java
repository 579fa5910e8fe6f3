package health.isthmus.dicom.io;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes Part 10 files: preamble, File Meta Information and data set, either encoded from {@link Attributes} or
 * passed through as the bytes a C-STORE delivered (no re-encoding: the meta header is prepended).
 */
public final class Part10Writer {

    /** The size of the file writes of {@link #writePassThrough(Path, Attributes, InputStream, boolean)}. */
    private static final int WRITE_SIZE = 64 * 1024;

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

    /** The preamble, "DICM" and the File Meta Information group as bytes. */
    private static byte[] encodeMeta(Attributes meta) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        writeMeta(bytes, meta);
        return bytes.toByteArray();
    }

    /**
     * Writes a file (created, or truncated if it exists) from File Meta Information and a data set already encoded
     * in the meta's transfer syntax, as C-STORE receives it: the data set bytes are copied unchanged as they are
     * read and written to the file in 64 KB system calls (a C-STORE delivers them in fragments of the announced
     * maximum PDU length, 16 KB by default). With {@code force}, the
     * file's content and metadata are on the storage device when this method returns ({@link
     * FileChannel#force(boolean) fsync}); without it, they are in the operating system's cache. Returns the number
     * of data set bytes copied.
     *
     * <p>The data set is copied with {@link InputStream#transferTo(OutputStream)}, which the data set stream of an
     * association implements without an intermediate buffer.
     */
    public static long writePassThrough(Path file, Attributes meta, InputStream encodedDataset, boolean force)
            throws IOException {
        byte[] header = encodeMeta(meta);
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_SIZE);
            out.write(header);
            long copied = encodedDataset.transferTo(out);
            out.flush();
            if (force) {
                channel.force(true);
            }
            return copied;
        }
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
