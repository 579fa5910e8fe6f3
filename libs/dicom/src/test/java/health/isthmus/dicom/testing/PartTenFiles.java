package health.isthmus.dicom.testing;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.io.DicomInputStream;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10Writer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Part 10 files for tests and the load harness: received data sets written behind their meta group, and back. */
public final class PartTenFiles {

    /** The file meta values a sender needs, and where the data set starts. */
    public record FileMeta(String sopClassUid, String sopInstanceUid, String transferSyntax, long dataSetOffset) {}

    private PartTenFiles() {}

    /** Writes preamble, File Meta Information and the data set bytes as they are read; fsyncs when asked. */
    public static long write(
            Path file,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntax,
            String sourceAeTitle,
            InputStream dataSet,
            boolean fsync)
            throws IOException {
        Attributes meta = FileMetaInformation.withSourceAeTitle(
                FileMetaInformation.create(sopClassUid, sopInstanceUid, transferSyntax), sourceAeTitle);
        return Part10Writer.writePassThrough(file, meta, dataSet, fsync);
    }

    /** Reads the meta group of a Part 10 file. */
    public static FileMeta readMeta(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(Files.newInputStream(file), Files.size(file))) {
            Attributes meta = in.readFileMetaInformation();
            return new FileMeta(
                    required(meta, Tag.MediaStorageSOPClassUID, file),
                    required(meta, Tag.MediaStorageSOPInstanceUID, file),
                    required(meta, Tag.TransferSyntaxUID, file),
                    in.position());
        }
    }

    private static String required(Attributes meta, int tag, Path file) throws IOException {
        String value = meta.getString(tag);
        if (value == null) {
            throw new IOException(file + " lacks " + Integer.toHexString(tag) + " in its meta group");
        }
        return value;
    }
}
