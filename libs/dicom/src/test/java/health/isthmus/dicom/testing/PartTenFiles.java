package health.isthmus.dicom.testing;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.io.DicomInputStream;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10Writer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
        try (FileChannel channel = FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE);
                ChannelOutput out = new ChannelOutput(channel)) {
            long copied = Part10Writer.writePassThrough(out, meta, dataSet);
            out.flush();
            if (fsync) {
                channel.force(true);
            }
            return copied;
        }
    }

    /**
     * An output stream into a file channel through one direct buffer of its own, so that writes cost one copy and
     * one system call per 256 KB (a stream from {@code Channels.newOutputStream} borrows a temporary direct buffer
     * for every write).
     */
    private static final class ChannelOutput extends OutputStream {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);

        ChannelOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.put((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                int chunk = Math.min(length, buffer.remaining());
                buffer.put(bytes, offset, chunk);
                offset += chunk;
                length -= chunk;
            }
        }

        @Override
        public void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
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
