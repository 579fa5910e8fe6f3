package health.isthmus.dicom.io;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.DicomException;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes data sets in a transfer syntax, and Part 10 File Meta Information.
 *
 * <p>Sequences and items are written with undefined length by default (streaming, no second pass); {@link
 * #setUndefinedSequenceLength(boolean)} switches to defined lengths. Group lengths are computed for groups 0000
 * (command sets) and 0002 and left out for all other groups. Encapsulated fragments and byte values are written as
 * they are, so compressed pixel data passes through untouched.
 */
public final class DicomOutputStream implements Closeable, Flushable {

    private static final int UNDEFINED_LENGTH = 0xFFFFFFFF;

    private final OutputStream sink;
    private OutputStream out;
    private final byte[] header = new byte[12];
    private boolean undefinedSequenceLength = true;
    private @Nullable BulkDataSource bulkDataSource;
    private boolean explicitVr;
    private boolean bigEndian;
    private boolean metaWrite;

    /**
     * Writes to a stream (buffered here unless it is a {@link ByteArrayOutputStream}, which needs no buffer; {@link
     * #flush()} or {@link #close()} when done).
     */
    public DicomOutputStream(OutputStream out) {
        // command sets and meta groups are encoded into memory once per message or file: a 64 KB buffer for a few
        // hundred bytes would cost more to allocate and clear than the encoding itself
        this.sink = out instanceof ByteArrayOutputStream ? out : new BufferedOutputStream(out, 64 * 1024);
        this.out = sink;
    }

    /** Whether sequences and items get undefined length (default) or their defined length. */
    public void setUndefinedSequenceLength(boolean undefined) {
        this.undefinedSequenceLength = undefined;
    }

    /** Where bulk data references are fetched from when a data set holds them. */
    public void setBulkDataSource(@Nullable BulkDataSource source) {
        this.bulkDataSource = source;
    }

    /**
     * Writes the 128-byte zero preamble, "DICM" and the File Meta Information group in Explicit VR Little Endian,
     * with its group length computed and the version (0002,0001) added when missing.
     */
    public void writeFileMetaInformation(Attributes meta) throws IOException {
        if (meta.getString(Tag.TransferSyntaxUID) == null) {
            throw new DicomException("File Meta Information needs a Transfer Syntax UID (0002,0010)");
        }
        Attributes group = new Attributes(meta.size() + 2);
        group.setBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1});
        for (int i = 0; i < meta.size(); i++) {
            int tag = meta.tagAt(i);
            if (Tags.group(tag) == 0x0002 && tag != Tag.FileMetaInformationGroupLength) {
                group.setValue(tag, meta.vrAt(i), copyable(meta, i));
            }
        }
        group.setInt(Tag.FileMetaInformationGroupLength, VR.UL, 0);
        out.write(new byte[128]);
        out.write(new byte[] {'D', 'I', 'C', 'M'});
        explicitVr = true;
        bigEndian = false;
        metaWrite = true;
        try {
            writeElements(group, 0);
        } finally {
            metaWrite = false;
        }
    }

    private static Object copyable(Attributes source, int index) {
        Object value = source.valueAt(index);
        if (value instanceof String[] strings) {
            return source.encodeStrings(strings, source.vrAt(index));
        }
        return value;
    }

    /**
     * Writes a data set in a transfer syntax (deflating it for Deflated Explicit VR Little Endian). Elements of group
     * 0002 are left out: they belong to the File Meta Information.
     */
    public void writeDataset(Attributes dataset, TransferSyntax syntax) throws IOException {
        explicitVr = syntax.explicitVr();
        bigEndian = syntax.bigEndian();
        if (syntax.deflated()) {
            out.flush();
            DeflaterOutputStream deflater = new DeflaterOutputStream(
                    new NonClosing(sink), new Deflater(Deflater.DEFAULT_COMPRESSION, true), 64 * 1024);
            out = new BufferedOutputStream(deflater, 64 * 1024);
            try {
                writeElements(dataset, 0);
                out.flush();
                deflater.finish();
                deflater.flush();
            } finally {
                out = sink;
            }
        } else {
            writeElements(dataset, 0);
        }
    }

    /** Writes raw bytes, such as a data set received already encoded, after the File Meta Information. */
    public void writeRaw(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    private void writeElements(Attributes dataset, int depth) throws IOException {
        int size = dataset.size();
        for (int i = 0; i < size; i++) {
            int tag = dataset.tagAt(i);
            int group = Tags.group(tag);
            if (depth == 0 && group == 0x0002 && !metaWrite) {
                continue; // File Meta Information is written by writeFileMetaInformation only
            }
            if (Tags.element(tag) == 0 && dataset.vrAt(i) == VR.UL) {
                if (group == 0x0000 || group == 0x0002) {
                    i = writeGroupWithLength(dataset, i, depth);
                }
                continue; // other group lengths are optional and would be stale
            }
            writeElement(dataset, i, depth);
        }
    }

    /** Writes a group length element with the computed length of the rest of its group; returns the last index. */
    private int writeGroupWithLength(Attributes dataset, int lengthIndex, int depth) throws IOException {
        int group = Tags.group(dataset.tagAt(lengthIndex));
        int last = lengthIndex;
        while (last + 1 < dataset.size() && Tags.group(dataset.tagAt(last + 1)) == group) {
            last++;
        }
        OutputStream saved = out;
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        out = body;
        try {
            for (int i = lengthIndex + 1; i <= last; i++) {
                writeElement(dataset, i, depth);
            }
        } finally {
            out = saved;
        }
        writeHeader(dataset.tagAt(lengthIndex), VR.UL, 4);
        writeInt(body.size());
        body.writeTo(out);
        return last;
    }

    private void writeElement(Attributes dataset, int index, int depth) throws IOException {
        int tag = dataset.tagAt(index);
        VR vr = dataset.vrAt(index);
        switch (dataset.valueAt(index)) {
            case byte[] bytes -> writeValue(tag, vr, bytes, true);
            case String[] strings -> writeValue(tag, vr, dataset.encodeStrings(strings, vr), false);
            case Sequence sequence -> writeSequence(tag, sequence, depth);
            case Fragments fragments -> writeFragments(tag, fragments);
            case BulkData bulk -> writeBulkData(tag, vr, bulk);
            default -> throw new DicomException("cannot write value of " + Tags.toString(tag));
        }
    }

    private void writeValue(int tag, VR vr, byte[] bytes, boolean binary) throws IOException {
        int padded = bytes.length + (bytes.length & 1);
        writeHeader(tag, vr, padded);
        if (bigEndian && binary && swapWidth(vr) > 1) {
            out.write(swapped(bytes, swapWidth(vr)));
        } else {
            out.write(bytes);
        }
        if (padded != bytes.length) {
            out.write(vr.paddingByte());
        }
    }

    private static int swapWidth(VR vr) {
        return vr == VR.AT ? 2 : vr.bytesPerValue();
    }

    private static byte[] swapped(byte[] bytes, int width) {
        byte[] copy = bytes.clone();
        for (int i = 0; i + width <= copy.length; i += width) {
            for (int a = i, b = i + width - 1; a < b; a++, b--) {
                byte t = copy[a];
                copy[a] = copy[b];
                copy[b] = t;
            }
        }
        return copy;
    }

    private void writeBulkData(int tag, VR vr, BulkData bulk) throws IOException {
        BulkDataSource source = bulkDataSource;
        if (source == null) {
            throw new DicomException("data set holds bulk data " + Tags.toString(tag)
                    + " by reference but the writer has no bulk data source");
        }
        if (bulk.length() < 0 || bulk.length() > 0xFFFFFFFEL) {
            throw new DicomException("bulk data of " + Tags.toString(tag) + " has no usable length");
        }
        if (bulk.bigEndian() != bigEndian && swapWidth(vr) > 1) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(bulk.length(), 1 << 24));
            source.copyTo(bulk, bytes);
            byte[] value = bytes.toByteArray();
            writeValue(tag, vr, bulk.bigEndian() ? swapped(value, swapWidth(vr)) : value, true);
            return;
        }
        long padded = bulk.length() + (bulk.length() & 1);
        writeHeader(tag, vr, (int) padded);
        source.copyTo(bulk, out);
        if (padded != bulk.length()) {
            out.write(0);
        }
    }

    private void writeSequence(int tag, Sequence sequence, int depth) throws IOException {
        if (undefinedSequenceLength) {
            writeHeader(tag, VR.SQ, UNDEFINED_LENGTH);
            for (Attributes item : sequence) {
                writeItemHeader(Tag.Item, UNDEFINED_LENGTH);
                writeElements(item, depth + 1);
                writeItemHeader(Tag.ItemDelimitationItem, 0);
            }
            writeItemHeader(Tag.SequenceDelimitationItem, 0);
            return;
        }
        OutputStream saved = out;
        ByteArrayOutputStream items = new ByteArrayOutputStream(256);
        out = items;
        try {
            for (Attributes item : sequence) {
                OutputStream itemSaved = out;
                ByteArrayOutputStream body = new ByteArrayOutputStream(128);
                out = body;
                try {
                    writeElements(item, depth + 1);
                } finally {
                    out = itemSaved;
                }
                writeItemHeader(Tag.Item, body.size());
                body.writeTo(out);
            }
        } finally {
            out = saved;
        }
        writeHeader(tag, VR.SQ, items.size());
        items.writeTo(out);
    }

    private void writeFragments(int tag, Fragments fragments) throws IOException {
        writeHeader(tag, fragments.vr(), UNDEFINED_LENGTH);
        for (Object fragment : fragments) {
            switch (fragment) {
                case byte[] bytes -> {
                    int padded = bytes.length + (bytes.length & 1);
                    writeItemHeader(Tag.Item, padded);
                    out.write(bytes);
                    if (padded != bytes.length) {
                        out.write(0);
                    }
                }
                case BulkData bulk -> {
                    BulkDataSource source = bulkDataSource;
                    if (source == null) {
                        throw new DicomException("fragments of " + Tags.toString(tag)
                                + " are referenced but the writer has no bulk data source");
                    }
                    long padded = bulk.length() + (bulk.length() & 1);
                    writeItemHeader(Tag.Item, (int) padded);
                    source.copyTo(bulk, out);
                    if (padded != bulk.length()) {
                        out.write(0);
                    }
                }
                default -> throw new DicomException("unsupported fragment " + fragment.getClass());
            }
        }
        writeItemHeader(Tag.SequenceDelimitationItem, 0);
    }

    private void writeItemHeader(int tag, int length) throws IOException {
        putTag(tag);
        putInt(4, length);
        out.write(header, 0, 8);
    }

    private void writeHeader(int tag, VR vr, int length) throws IOException {
        putTag(tag);
        if (!explicitVr) {
            putInt(4, length);
            out.write(header, 0, 8);
            return;
        }
        header[4] = (byte) vr.name().charAt(0);
        header[5] = (byte) vr.name().charAt(1);
        if (vr.hasLongHeader()) {
            header[6] = 0;
            header[7] = 0;
            putInt(8, length);
            out.write(header, 0, 12);
        } else {
            if (Integer.toUnsignedLong(length) > 0xFFFF) {
                throw new DicomException("value of " + Tags.toString(tag) + " (" + vr + ", " + length
                        + " bytes) is too long for Explicit VR's 16-bit length");
            }
            putShort(6, length);
            out.write(header, 0, 8);
        }
    }

    private void writeInt(int value) throws IOException {
        putInt(0, value);
        out.write(header, 0, 4);
    }

    private void putTag(int tag) {
        putShort(0, tag >>> 16);
        putShort(2, tag);
    }

    private void putShort(int at, int value) {
        if (bigEndian) {
            header[at] = (byte) (value >>> 8);
            header[at + 1] = (byte) value;
        } else {
            header[at] = (byte) value;
            header[at + 1] = (byte) (value >>> 8);
        }
    }

    private void putInt(int at, int value) {
        if (bigEndian) {
            header[at] = (byte) (value >>> 24);
            header[at + 1] = (byte) (value >>> 16);
            header[at + 2] = (byte) (value >>> 8);
            header[at + 3] = (byte) value;
        } else {
            header[at] = (byte) value;
            header[at + 1] = (byte) (value >>> 8);
            header[at + 2] = (byte) (value >>> 16);
            header[at + 3] = (byte) (value >>> 24);
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        sink.close();
    }

    /** Keeps the deflater's finish from closing the file stream. */
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
