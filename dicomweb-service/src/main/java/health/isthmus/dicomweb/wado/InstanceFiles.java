package health.isthmus.dicomweb.wado;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.io.BulkDataSource;
import health.isthmus.dicom.io.DicomInputStream;
import health.isthmus.dicom.io.DicomOutputStream;
import health.isthmus.dicom.io.ReadOptions;
import health.isthmus.dicom.io.TransferSyntax;
import health.isthmus.dicomweb.storage.BlobStore;
import health.isthmus.dicomweb.wado.WadoIndex.InstanceRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads the stored Part 10 files for WADO-RS: whole files (as stored, with the patient attributes coerced, or
 * transcoded between native transfer syntaxes), byte ranges, and frames. Pixel values are copied from the file as
 * they are written out; only a rewritten header is held in memory.
 */
@Component
class InstanceFiles {

    private static final int COPY_SIZE = 64 * 1024;
    private static final ReadOptions HEADER_OPTIONS = ReadOptions.BULK_DATA_REFERENCES.withBulkDataThreshold(1024);

    private final BlobStore blobs;

    InstanceFiles(BlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * The transfer syntax an instance can be delivered in when a client asks for one: as stored for none or {@code *},
     * the stored one itself, or Explicit or Implicit VR Little Endian from any native (uncompressed) syntax. Null when
     * that would need a codec (compressed to uncompressed, or into a compressed syntax).
     */
    static @Nullable TransferSyntax deliverable(String storedUid, @Nullable String requested) {
        TransferSyntax stored = TransferSyntax.of(storedUid);
        if (requested == null || requested.equals("*") || requested.equals(storedUid)) {
            return stored;
        }
        if (stored.encapsulated()) {
            return null;
        }
        if (requested.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())) {
            return TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        if (requested.equals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        return null;
    }

    /**
     * Writes an instance as a Part 10 file.
     *
     * @param coerceTo the patient values to put in place of the stored ones, or null for the file as stored
     * @param syntax the transfer syntax to write, from {@link #deliverable(String, String)}
     */
    void writePart10(InstanceRow instance, @Nullable PatientValues coerceTo, TransferSyntax syntax, OutputStream out)
            throws IOException {
        boolean transcode = !syntax.uid().equals(instance.transferSyntaxUid());
        boolean coerce = coerceTo != null && !instance.sentPatient().sameAs(coerceTo);
        if (!transcode && !coerce) {
            try (InputStream file = blobs.open(instance.blobKey())) {
                file.transferTo(out);
            }
            return;
        }
        try (SeekableByteChannel channel = blobs.openChannel(instance.blobKey());
                InputStream file = blobs.open(instance.blobKey())) {
            DicomInputStream in = new DicomInputStream(file, instance.sizeBytes());
            Attributes meta = in.readFileMetaInformation();
            Attributes dataset = in.readDataset(HEADER_OPTIONS);
            if (coerceTo != null) {
                coerceTo.applyTo(dataset);
            }
            if (transcode) {
                meta.setString(Tag.TransferSyntaxUID, VR.UI, syntax.uid());
            }
            DicomOutputStream dicom = new DicomOutputStream(new NonClosing(out));
            dicom.setBulkDataSource(source(channel));
            dicom.writeFileMetaInformation(meta);
            dicom.writeDataset(dataset, syntax);
            dicom.flush();
        }
    }

    /** Opens the stored file for reads at any position. */
    SeekableByteChannel channel(InstanceRow instance) throws IOException {
        return blobs.openChannel(instance.blobKey());
    }

    /** Copies a byte range of the stored file. */
    void copyRange(InstanceRow instance, long offset, long length, OutputStream out) throws IOException {
        try (SeekableByteChannel channel = blobs.openChannel(instance.blobKey())) {
            copy(channel, offset, length, out, null);
        }
    }

    /** Reads a byte range of the stored file into memory (a frame for rendering). */
    byte[] readRange(InstanceRow instance, long offset, int length) throws IOException {
        try (SeekableByteChannel channel = blobs.openChannel(instance.blobKey())) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.position(offset);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("stored file shorter than its index says");
                }
            }
            return buffer.array();
        }
    }

    /** The pixel data value read into memory, little endian (for files without recorded offsets: deflated). */
    byte[] readPixelData(InstanceRow instance) throws IOException {
        try (InputStream file = blobs.open(instance.blobKey())) {
            DicomInputStream in = new DicomInputStream(file, instance.sizeBytes());
            in.readFileMetaInformation();
            Attributes dataset = in.readDataset(ReadOptions.DEFAULT);
            byte[] pixels = dataset.getBytes(Tag.PixelData);
            if (pixels == null) {
                throw WadoProblem.notFound("the instance has no native pixel data");
            }
            return pixels;
        }
    }

    /**
     * The fragments of encapsulated pixel data: the items after the Basic Offset Table, each as (value offset,
     * length) in the file, and the Basic Offset Table's entries.
     */
    Encapsulated fragments(InstanceRow instance) throws IOException {
        Long botValue = instance.pixelDataOffset();
        if (botValue == null) {
            throw WadoProblem.notFound("the instance has no pixel data");
        }
        try (SeekableByteChannel channel = blobs.openChannel(instance.blobKey())) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            long position = botValue - 8;
            long botLength = itemHeader(channel, position, header, size);
            if (botLength < 0) {
                throw new IOException("encapsulated pixel data does not start with an item");
            }
            long[] offsets = new long[(int) Math.min(botLength / 4, 1 << 20)];
            if (botLength > 0) {
                ByteBuffer bot =
                        ByteBuffer.allocate((int) Math.min(botLength, 4L << 20)).order(ByteOrder.LITTLE_ENDIAN);
                channel.position(botValue);
                while (bot.hasRemaining() && channel.read(bot) >= 0) {}
                bot.flip();
                for (int i = 0; i < offsets.length && bot.remaining() >= 4; i++) {
                    offsets[i] = Integer.toUnsignedLong(bot.getInt());
                }
            }
            position = botValue + botLength;
            long firstItem = position;
            List<long[]> items = new ArrayList<>();
            while (items.size() < 1_000_000) {
                long length = itemHeader(channel, position, header, size);
                if (length < 0) {
                    break;
                }
                items.add(new long[] {position + 8, length, position - firstItem});
                position += 8 + length;
            }
            return new Encapsulated(offsets, items);
        }
    }

    /**
     * Reads an item header at a position: the item's length, or -1 at the sequence delimiter. Anything else, or a
     * length past the end of the file, is an error.
     */
    private static long itemHeader(SeekableByteChannel channel, long position, ByteBuffer header, long size)
            throws IOException {
        header.clear();
        channel.position(position);
        while (header.hasRemaining()) {
            if (channel.read(header) < 0) {
                throw new IOException("encapsulated pixel data truncated");
            }
        }
        header.flip();
        int group = header.getShort() & 0xFFFF;
        int element = header.getShort() & 0xFFFF;
        long length = Integer.toUnsignedLong(header.getInt());
        if (group == 0xFFFE && element == 0xE0DD) {
            return -1;
        }
        if (group != 0xFFFE || element != 0xE000 || position + 8 + length > size) {
            throw new IOException("malformed fragment item in encapsulated pixel data");
        }
        return length;
    }

    /**
     * Encapsulated pixel data as stored.
     *
     * @param basicOffsetTable the Basic Offset Table's entries (empty when it is empty)
     * @param items each fragment as {value offset in the file, length, item offset from the first fragment's item}
     */
    record Encapsulated(long[] basicOffsetTable, List<long[]> items) {

        /**
         * The fragments of each frame: one frame holds all fragments; as many fragments as frames are one each;
         * otherwise the Basic Offset Table, else the fragments that start a JPEG-family codestream, mark the frames.
         * Null when the frame boundaries cannot be told.
         */
        @Nullable
        List<List<long[]>> frames(int numberOfFrames, FragmentPeek peek) throws IOException {
            List<List<long[]>> frames = new ArrayList<>();
            if (numberOfFrames <= 1) {
                frames.add(items);
                return frames;
            }
            if (items.size() == numberOfFrames) {
                for (long[] item : items) {
                    frames.add(List.of(item));
                }
                return frames;
            }
            if (basicOffsetTable.length == numberOfFrames) {
                for (int f = 0; f < numberOfFrames; f++) {
                    long start = basicOffsetTable[f];
                    long end = f + 1 < numberOfFrames ? basicOffsetTable[f + 1] : Long.MAX_VALUE;
                    List<long[]> frame = new ArrayList<>();
                    for (long[] item : items) {
                        if (item[2] >= start && item[2] < end) {
                            frame.add(item);
                        }
                    }
                    if (frame.isEmpty() || frame.getFirst()[2] != start) {
                        return null;
                    }
                    frames.add(frame);
                }
                return frames;
            }
            for (long[] item : items) {
                if (frames.isEmpty() || peek.startsCodestream(item)) {
                    frames.add(new ArrayList<>());
                }
                frames.getLast().add(item);
            }
            return frames.size() == numberOfFrames ? frames : null;
        }
    }

    /** Looks at a fragment's first bytes. */
    @FunctionalInterface
    interface FragmentPeek {
        boolean startsCodestream(long[] item) throws IOException;
    }

    /** Whether a fragment starts a JPEG (SOI, FFD8) or JPEG 2000 (SOC, FF4F) codestream. */
    boolean startsCodestream(InstanceRow instance, long[] item) throws IOException {
        if (item[1] < 2) {
            return false;
        }
        byte[] start = readRange(instance, item[0], 2);
        return (start[0] & 0xFF) == 0xFF && ((start[1] & 0xFF) == 0xD8 || (start[1] & 0xFF) == 0x4F);
    }

    private static BulkDataSource source(SeekableByteChannel channel) {
        return (bulk, out) -> copy(channel, bulk.offset(), bulk.length(), out, null);
    }

    /** Copies a byte range; with a swap width (2 for 16-bit words), byte order is reversed within each word. */
    static void copy(SeekableByteChannel channel, long offset, long length, OutputStream out, @Nullable Integer swap)
            throws IOException {
        if (offset < 0 || length < 0 || offset + length > channel.size()) {
            throw new IOException("byte range beyond the stored file");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_SIZE, Math.max(length, 2)));
        channel.position(offset);
        long remaining = length;
        while (remaining > 0) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), remaining));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new IOException("stored file shorter than its index says");
                }
            }
            int read = buffer.position();
            byte[] bytes = buffer.array();
            if (swap != null && swap == 2) {
                for (int i = 0; i + 1 < read; i += 2) {
                    byte t = bytes[i];
                    bytes[i] = bytes[i + 1];
                    bytes[i + 1] = t;
                }
            }
            out.write(bytes, 0, read);
            remaining -= read;
        }
    }

    /** Keeps the response stream open when the DICOM writer is done with it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
