package health.isthmus.dicom.io;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import health.isthmus.dicom.dictionary.ElementDictionary;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A streaming reader of binary data sets: Part 10 files (preamble, File Meta Information, data set) and bare data
 * sets in any transfer syntax (as received by C-STORE).
 *
 * <p>Defined and undefined lengths are accepted wherever the standard allows them. The reader can stop before the
 * pixel data and can keep bulk values as offsets into the source ({@link ReadOptions}), so an archive indexes a
 * header without reading pixels and later serves frames by offset. Hostile input ends in a {@link
 * DicomStreamException}: declared lengths beyond the limit or beyond the known source size are refused before any
 * allocation, and nesting is bounded.
 *
 * <p>Positions are byte offsets from where this reader started on the underlying stream.
 */
public final class DicomInputStream implements Closeable {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final int MIN_BUFFER_SIZE = 256;
    private static final int UNDEFINED = -1;
    private static final int ALLOCATION_STEP = 16 * 1024 * 1024;
    private static final byte[] EMPTY = new byte[0];

    private InputStream in;
    private final byte[] buffer;
    private int bufferPos;
    private int bufferLimit;
    private long bufferStart;
    private long sourceLength;
    private boolean positionsMeaningful = true;

    private ReadOptions options = ReadOptions.DEFAULT;
    private TransferSyntax transferSyntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    private boolean explicitVr;
    private boolean bigEndian;
    private long pixelDataPosition = -1;
    private @Nullable Attributes fileMetaInformation;

    /** Reads from a stream whose length is unknown. */
    public DicomInputStream(InputStream in) {
        this(in, -1);
    }

    /**
     * Reads from a stream of known length (a file); declared lengths beyond the end are refused at once.
     *
     * @param sourceLength bytes the stream holds from here, or -1 when unknown
     */
    public DicomInputStream(InputStream in, long sourceLength) {
        this.in = in;
        this.sourceLength = sourceLength;
        // a command set or a small identifier needs no 64 KB buffer; 256 bytes hold the longest look-ahead (132)
        boolean small = sourceLength >= 0 && sourceLength < BUFFER_SIZE;
        this.buffer = new byte[small ? Math.max(MIN_BUFFER_SIZE, (int) sourceLength) : BUFFER_SIZE];
    }

    /** The byte offset of the next unread byte from where reading started. */
    public long position() {
        return bufferStart + bufferPos;
    }

    /** The File Meta Information read by {@link #readFileMetaInformation()}, or null before. */
    public @Nullable Attributes fileMetaInformation() {
        return fileMetaInformation;
    }

    /** The transfer syntax of the data set being read. */
    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /**
     * Where the top-level Pixel Data element starts (its tag), when reading stopped before it; -1 when it did not
     * stop there.
     */
    public long pixelDataPosition() {
        return pixelDataPosition;
    }

    /**
     * The input from the current position on (buffered bytes first): after reading stopped before the pixel data,
     * this starts at the Pixel Data tag, so a caller can stream the pixels elsewhere.
     */
    public InputStream remainingInput() {
        byte[] buffered = Arrays.copyOfRange(buffer, bufferPos, bufferLimit);
        bufferPos = bufferLimit;
        return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(buffered), in);
    }

    // ---------------------------------------------------------------- Part 10

    /**
     * Reads the 128-byte preamble, "DICM" and the File Meta Information group (Explicit VR Little Endian), and takes
     * the data set's transfer syntax from it. A file without preamble that starts directly with group 0002 is
     * accepted too.
     */
    public Attributes readFileMetaInformation() throws IOException {
        if (!fill(132)) {
            throw new DicomStreamException("not a DICOM Part 10 file: shorter than the preamble (132 bytes)");
        }
        boolean preamble = buffer[128] == 'D' && buffer[129] == 'I' && buffer[130] == 'C' && buffer[131] == 'M';
        if (preamble) {
            bufferPos = 132;
        } else if (!(buffer[0] == 0x02 && buffer[1] == 0x00 && buffer[4] == 'U' && buffer[5] == 'L')) {
            throw new DicomStreamException("not a DICOM Part 10 file: no \"DICM\" at offset 128");
        }
        explicitVr = true;
        bigEndian = false;
        Attributes meta = new Attributes(12);
        while (fill(4) && readTagPeek() >>> 16 == 0x0002) {
            readElement(meta, 0, Long.MAX_VALUE);
        }
        String tsUid = meta.getString(Tag.TransferSyntaxUID);
        if (tsUid == null || tsUid.isEmpty()) {
            throw new DicomStreamException("File Meta Information has no Transfer Syntax UID (0002,0010)");
        }
        transferSyntax = TransferSyntax.of(tsUid);
        fileMetaInformation = meta;
        return meta;
    }

    /** Reads the data set that follows the File Meta Information, in its transfer syntax. */
    public Attributes readDataset(ReadOptions readOptions) throws IOException {
        return readDataset(transferSyntax, readOptions);
    }

    /** Reads a data set in a given transfer syntax from the current position to the end of the stream. */
    public Attributes readDataset(TransferSyntax syntax, ReadOptions readOptions) throws IOException {
        this.options = readOptions;
        this.transferSyntax = syntax;
        this.explicitVr = syntax.explicitVr();
        this.bigEndian = syntax.bigEndian();
        if (syntax.deflated()) {
            startInflating();
        }
        Attributes dataset = new Attributes(64);
        try {
            readItemContents(dataset, UNDEFINED, 0);
        } catch (java.util.zip.ZipException | EOFException e) {
            // only the inflater throws these: our own reads report truncation as DicomStreamException
            throw new DicomStreamException("deflated data set is corrupt or truncated: " + e.getMessage(), e);
        }
        return dataset;
    }

    private void startInflating() {
        byte[] rest = Arrays.copyOfRange(buffer, bufferPos, bufferLimit);
        InputStream raw = in;
        InputStream remaining = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(rest), raw);
        in = new InflaterInputStream(remaining, new Inflater(true), BUFFER_SIZE);
        bufferStart = position();
        bufferPos = 0;
        bufferLimit = 0;
        sourceLength = -1;
        positionsMeaningful = false;
    }

    // ---------------------------------------------------------------- elements

    private void readItemContents(Attributes target, long end, int depth) throws IOException {
        while (true) {
            if (end != UNDEFINED) {
                long pos = position();
                if (pos >= end) {
                    if (pos > end) {
                        throw malformed("an element runs past the end of its item (ends at " + end + ")");
                    }
                    return;
                }
            } else if (!fill(1)) {
                if (depth == 0) {
                    return;
                }
                throw truncated();
            }
            if (!readElement(target, depth, end)) {
                return;
            }
        }
    }

    /** Reads one element into the target; false when it was an item delimiter or reading stops here. */
    private boolean readElement(Attributes target, int depth, long end) throws IOException {
        long elementStart = position();
        int tag = readTag();
        if (tag == Tag.ItemDelimitationItem) {
            readInt();
            if (depth == 0 || end != UNDEFINED) {
                throw malformed("item delimiter outside an item of undefined length", elementStart);
            }
            return false;
        }
        if (tag == Tag.Item || tag == Tag.SequenceDelimitationItem) {
            throw malformed("item tag " + Tags.toString(tag) + " where a data element was expected", elementStart);
        }
        if (depth == 0 && tag == Tag.PixelData && options.stopBeforePixelData()) {
            pixelDataPosition = elementStart;
            bufferPos -= 4;
            return false;
        }
        VR vr;
        long length;
        if (explicitVr) {
            int b0 = readUnsignedByte();
            int b1 = readUnsignedByte();
            VR declared = VR.fromCode(b0, b1);
            if (declared == null) {
                throw malformed(
                        String.format("invalid VR bytes 0x%02X%02X for %s", b0, b1, Tags.toString(tag)), elementStart);
            }
            vr = declared;
            if (vr.hasLongHeader()) {
                readUnsignedShort();
                length = readUnsignedInt();
            } else {
                length = readUnsignedShort();
            }
        } else {
            vr = implicitVr(target, tag);
            length = readUnsignedInt();
        }
        boolean undefinedLength = length == 0xFFFFFFFFL;
        if (vr == VR.SQ || (undefinedLength && (vr == VR.UN || !explicitVr) && tag != Tag.PixelData)) {
            readSequence(target, tag, undefinedLength ? UNDEFINED : length, depth, vr == VR.UN && explicitVr);
            return true;
        }
        if (undefinedLength) {
            if (vr == VR.OB || vr == VR.OW || vr == VR.UN || !explicitVr) {
                readFragments(target, tag, explicitVr ? vr : VR.OB, depth);
                return true;
            }
            throw malformed("undefined length on " + vr + " element " + Tags.toString(tag), elementStart);
        }
        checkLength(length, tag, end);
        long valuePosition = position();
        if (positionsMeaningful
                && options.bulkDataReferences()
                && vr.isBulk()
                && (length > options.bulkDataThreshold() || (depth == 0 && tag == Tag.PixelData))) {
            skipFully(length);
            target.setBulkData(tag, vr, BulkData.atOffset(valuePosition, length, bigEndian));
            return true;
        }
        byte[] value = readValue((int) length);
        if (bigEndian) {
            swap(value, vr);
        }
        target.setBytes(tag, vr, value);
        return true;
    }

    private VR implicitVr(Attributes target, int tag) {
        if (Tags.isPrivate(tag)) {
            if (Tags.isPrivateCreator(tag)) {
                return VR.LO;
            }
            if (Tags.element(tag) == 0) {
                return VR.UL;
            }
            return VR.UN;
        }
        VR vr = ElementDictionary.vrOf(tag);
        if (vr == VR.US && isUsOrSs(tag) && target.getInt(Tag.PixelRepresentation, 0) == 1) {
            return VR.SS;
        }
        if (vr == VR.OW && tag == Tag.PixelData) {
            int bits = target.getInt(Tag.BitsAllocated, 16);
            return bits <= 8 ? VR.OB : VR.OW;
        }
        return vr;
    }

    /** Elements whose VR is US or SS depending on Pixel Representation (PS3.6 "US or SS"). */
    private static boolean isUsOrSs(int tag) {
        return (tag >= Tag.SmallestImagePixelValue && tag <= Tag.LargestPixelValueInSeries)
                || tag == Tag.PixelPaddingValue
                || tag == Tag.PixelPaddingRangeLimit
                || tag == Tag.ZeroVelocityPixelValue
                || tag == Tag.MappedPixelValue
                || tag == Tag.RealWorldValueLastValueMapped
                || tag == Tag.RealWorldValueFirstValueMapped
                || tag == Tag.HistogramFirstBinValue
                || tag == Tag.HistogramLastBinValue;
    }

    private void checkLength(long length, int tag, long end) {
        if (length > options.maxValueLength()) {
            throw malformed("value length " + length + " of " + Tags.toString(tag) + " exceeds the limit of "
                    + options.maxValueLength());
        }
        long pos = position();
        if (end != UNDEFINED && end != Long.MAX_VALUE && pos + length > end) {
            throw malformed("value of " + Tags.toString(tag) + " (" + length + " bytes) runs past its item");
        }
        if (sourceLength >= 0 && pos + length > sourceLength) {
            throw malformed("value length " + length + " of " + Tags.toString(tag) + " exceeds the "
                    + (sourceLength - pos) + " bytes left in the source");
        }
    }

    private void readSequence(Attributes target, int tag, long length, int depth, boolean implicitContents)
            throws IOException {
        if (depth + 1 > options.maxDepth()) {
            throw malformed("sequences nested deeper than " + options.maxDepth());
        }
        long end = length == UNDEFINED ? UNDEFINED : position() + length;
        if (end != UNDEFINED) {
            checkLength(length, tag, UNDEFINED);
        }
        boolean savedExplicit = explicitVr;
        boolean savedBigEndian = bigEndian;
        if (implicitContents) {
            explicitVr = false;
            bigEndian = false;
        }
        Sequence sequence = target.newSequence(tag, 4);
        try {
            while (end == UNDEFINED || position() < end) {
                long itemStart = position();
                int itemTag = readTag();
                long itemLength = readUnsignedInt();
                if (itemTag == Tag.SequenceDelimitationItem) {
                    if (end != UNDEFINED) {
                        throw malformed("sequence delimiter in a sequence of defined length", itemStart);
                    }
                    return;
                }
                if (itemTag != Tag.Item) {
                    throw malformed(
                            "expected an item in " + Tags.toString(tag) + " but found " + Tags.toString(itemTag),
                            itemStart);
                }
                Attributes item = new Attributes(8);
                sequence.add(item);
                if (itemLength == 0xFFFFFFFFL) {
                    readItemContents(item, UNDEFINED, depth + 1);
                } else {
                    checkLength(itemLength, itemTag, end);
                    readItemContents(item, position() + itemLength, depth + 1);
                }
            }
            if (position() > end) {
                throw malformed("an item runs past the end of sequence " + Tags.toString(tag));
            }
        } finally {
            explicitVr = savedExplicit;
            bigEndian = savedBigEndian;
        }
    }

    private void readFragments(Attributes target, int tag, VR vr, int depth) throws IOException {
        Fragments fragments = new Fragments(vr);
        target.setFragments(tag, fragments);
        while (true) {
            long itemStart = position();
            int itemTag = readTag();
            long itemLength = readUnsignedInt();
            if (itemTag == Tag.SequenceDelimitationItem) {
                return;
            }
            if (itemTag != Tag.Item) {
                throw malformed(
                        "expected a fragment item in " + Tags.toString(tag) + " but found " + Tags.toString(itemTag),
                        itemStart);
            }
            if (itemLength == 0xFFFFFFFFL) {
                throw malformed("fragment of undefined length", itemStart);
            }
            checkLength(itemLength, tag, UNDEFINED);
            long valuePosition = position();
            if (positionsMeaningful
                    && options.bulkDataReferences()
                    && (!fragments.isEmpty() || itemLength > options.bulkDataThreshold())) {
                skipFully(itemLength);
                fragments.add(BulkData.atOffset(valuePosition, itemLength, bigEndian));
            } else {
                fragments.add(readValue((int) itemLength));
            }
        }
    }

    private static void swap(byte[] value, VR vr) {
        int width = vr == VR.AT ? 2 : vr.bytesPerValue();
        if (width < 2) {
            return;
        }
        for (int i = 0; i + width <= value.length; i += width) {
            for (int a = i, b = i + width - 1; a < b; a++, b--) {
                byte t = value[a];
                value[a] = value[b];
                value[b] = t;
            }
        }
    }

    // ---------------------------------------------------------------- bytes

    private DicomStreamException malformed(String message) {
        return malformed(message, position());
    }

    private static DicomStreamException malformed(String message, long position) {
        return new DicomStreamException(message + " (at byte " + position + ")");
    }

    private DicomStreamException truncated() {
        return new DicomStreamException("data set truncated at byte " + position());
    }

    /** Makes at least n bytes available in the buffer (n at most the buffer size); false at end of stream. */
    private boolean fill(int n) throws IOException {
        if (bufferLimit - bufferPos >= n) {
            return true;
        }
        if (bufferPos > 0) {
            int remaining = bufferLimit - bufferPos;
            System.arraycopy(buffer, bufferPos, buffer, 0, remaining);
            bufferStart += bufferPos;
            bufferPos = 0;
            bufferLimit = remaining;
        }
        while (bufferLimit < n) {
            int read = in.read(buffer, bufferLimit, buffer.length - bufferLimit);
            if (read < 0) {
                return false;
            }
            bufferLimit += read;
        }
        return true;
    }

    private void require(int n) throws IOException {
        if (!fill(n)) {
            throw truncated();
        }
    }

    private int readTagPeek() {
        return tagAt(bufferPos);
    }

    private int tagAt(int at) {
        int group;
        int element;
        if (bigEndian) {
            group = ((buffer[at] & 0xFF) << 8) | (buffer[at + 1] & 0xFF);
            element = ((buffer[at + 2] & 0xFF) << 8) | (buffer[at + 3] & 0xFF);
        } else {
            group = (buffer[at] & 0xFF) | ((buffer[at + 1] & 0xFF) << 8);
            element = (buffer[at + 2] & 0xFF) | ((buffer[at + 3] & 0xFF) << 8);
        }
        return (group << 16) | element;
    }

    private int readTag() throws IOException {
        require(4);
        int tag = tagAt(bufferPos);
        bufferPos += 4;
        return tag;
    }

    private int readUnsignedByte() throws IOException {
        require(1);
        return buffer[bufferPos++] & 0xFF;
    }

    private int readUnsignedShort() throws IOException {
        require(2);
        int b0 = buffer[bufferPos] & 0xFF;
        int b1 = buffer[bufferPos + 1] & 0xFF;
        bufferPos += 2;
        return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    private int readInt() throws IOException {
        require(4);
        int b0 = buffer[bufferPos] & 0xFF;
        int b1 = buffer[bufferPos + 1] & 0xFF;
        int b2 = buffer[bufferPos + 2] & 0xFF;
        int b3 = buffer[bufferPos + 3] & 0xFF;
        bufferPos += 4;
        return bigEndian ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
    }

    private long readUnsignedInt() throws IOException {
        return Integer.toUnsignedLong(readInt());
    }

    /**
     * Reads a value of a checked length. Buffered bytes are copied, the rest is read straight into the value array.
     * When the source length is unknown, large arrays grow as bytes arrive, so a lying length costs no memory.
     */
    private byte[] readValue(int length) throws IOException {
        if (length == 0) {
            return EMPTY;
        }
        if (sourceLength < 0 && length > ALLOCATION_STEP) {
            return readValueGrowing(length);
        }
        byte[] value = new byte[length];
        readInto(value, 0, length);
        return value;
    }

    private byte[] readValueGrowing(int length) throws IOException {
        byte[] value = new byte[ALLOCATION_STEP];
        int done = 0;
        while (done < length) {
            if (done == value.length) {
                value = Arrays.copyOf(value, (int) Math.min(length, (long) value.length * 2));
            }
            int chunk = Math.min(value.length, length) - done;
            readInto(value, done, chunk);
            done += chunk;
        }
        return value.length == length ? value : Arrays.copyOf(value, length);
    }

    private void readInto(byte[] target, int offset, int length) throws IOException {
        int fromBuffer = Math.min(length, bufferLimit - bufferPos);
        System.arraycopy(buffer, bufferPos, target, offset, fromBuffer);
        bufferPos += fromBuffer;
        int done = fromBuffer;
        while (done < length) {
            int read = in.read(target, offset + done, length - done);
            if (read < 0) {
                bufferStart += done - fromBuffer;
                throw truncated();
            }
            done += read;
        }
        bufferStart += done - fromBuffer;
    }

    private void skipFully(long length) throws IOException {
        long fromBuffer = Math.min(length, bufferLimit - bufferPos);
        bufferPos += (int) fromBuffer;
        long remaining = length - fromBuffer;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw truncated();
                }
                skipped = 1;
            }
            remaining -= skipped;
            bufferStart += skipped;
        }
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        in.close();
    }
}
