package health.isthmus.dicom.io;

import health.isthmus.dicom.data.BulkData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Bulk data referenced by offset in a file, copied with the file channel (no buffering of whole values). */
public record FileBulkDataSource(Path file) implements BulkDataSource {

    @Override
    public void copyTo(BulkData bulkData, OutputStream out) throws IOException {
        if (bulkData.offset() < 0 || bulkData.length() < 0) {
            throw new DicomStreamException("bulk data has no byte range in " + file + ": " + bulkData);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (bulkData.offset() + bulkData.length() > channel.size()) {
                throw new DicomStreamException("bulk data range " + bulkData + " lies beyond the end of " + file);
            }
            var target = Channels.newChannel(out);
            long done = 0;
            while (done < bulkData.length()) {
                done += channel.transferTo(bulkData.offset() + done, bulkData.length() - done, target);
            }
        }
    }
}
