package health.isthmus.dicom.io;

import health.isthmus.dicom.data.BulkData;
import java.io.IOException;
import java.io.OutputStream;

/** Where a writer fetches the bytes of {@link BulkData} references it meets (for example the source file). */
@FunctionalInterface
public interface BulkDataSource {

    /** Copies the referenced bytes, as stored in the source, to the output. */
    void copyTo(BulkData bulkData, OutputStream out) throws IOException;
}
