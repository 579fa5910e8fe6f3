package health.isthmus.dicom.io;

/**
 * How a {@link DicomInputStream} reads a data set.
 *
 * @param stopBeforePixelData stop at the top-level Pixel Data element, leaving it unread (for header indexing)
 * @param bulkDataReferences keep bulk values (pixel data, and OB/OW/OF/OD/OL/OV/UN values longer than the
 *     threshold) as {@link health.isthmus.dicom.data.BulkData} offsets into the source instead of reading them
 * @param bulkDataThreshold values longer than this many bytes become references (pixel data always does)
 * @param maxValueLength longest value accepted; longer declared lengths are refused before anything is allocated
 * @param maxDepth deepest nesting of sequences accepted
 */
public record ReadOptions(
        boolean stopBeforePixelData,
        boolean bulkDataReferences,
        int bulkDataThreshold,
        long maxValueLength,
        int maxDepth) {

    /** Reads everything into memory, with the default limits (values up to 2 GiB - 16, nesting 64 deep). */
    public static final ReadOptions DEFAULT = new ReadOptions(false, false, 1024, Integer.MAX_VALUE - 16, 64);

    /** Stops before the pixel data. */
    public static final ReadOptions HEADERS_ONLY = DEFAULT.withStopBeforePixelData(true);

    /** Reads all elements but keeps bulk values as offsets. */
    public static final ReadOptions BULK_DATA_REFERENCES = DEFAULT.withBulkDataReferences(true);

    /** Validates the limits. */
    public ReadOptions {
        if (maxValueLength < 0 || maxValueLength > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxValueLength must be between 0 and 2^31 - 17");
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
    }

    /** The same options with stopping before pixel data on or off. */
    public ReadOptions withStopBeforePixelData(boolean stop) {
        return new ReadOptions(stop, bulkDataReferences, bulkDataThreshold, maxValueLength, maxDepth);
    }

    /** The same options with bulk data references on or off. */
    public ReadOptions withBulkDataReferences(boolean references) {
        return new ReadOptions(stopBeforePixelData, references, bulkDataThreshold, maxValueLength, maxDepth);
    }

    /** The same options with another bulk data threshold. */
    public ReadOptions withBulkDataThreshold(int threshold) {
        return new ReadOptions(stopBeforePixelData, bulkDataReferences, threshold, maxValueLength, maxDepth);
    }

    /** The same options with another longest value. */
    public ReadOptions withMaxValueLength(long max) {
        return new ReadOptions(stopBeforePixelData, bulkDataReferences, bulkDataThreshold, max, maxDepth);
    }

    /** The same options with another deepest nesting. */
    public ReadOptions withMaxDepth(int depth) {
        return new ReadOptions(stopBeforePixelData, bulkDataReferences, bulkDataThreshold, maxValueLength, depth);
    }
}
