package health.isthmus.dicom.data;

import org.jspecify.annotations.Nullable;

/**
 * A value left where it is: a byte range in the source the data set was read from, or a URI (DICOM JSON
 * BulkDataURI). The archive indexes headers with these and serves pixel data and frames by offset.
 *
 * @param uri where the value can be fetched, or null for a plain offset reference
 * @param offset position of the first value byte in the source stream, or -1 when unknown
 * @param length number of value bytes, or -1 when unknown
 * @param bigEndian whether the bytes in the source are big endian (Explicit VR Big Endian)
 */
public record BulkData(@Nullable String uri, long offset, long length, boolean bigEndian) {

    /** A byte range of the source stream. */
    public static BulkData atOffset(long offset, long length, boolean bigEndian) {
        return new BulkData(null, offset, length, bigEndian);
    }

    /** A reference by URI only. */
    public static BulkData ofUri(String uri) {
        return new BulkData(uri, -1, -1, false);
    }
}
