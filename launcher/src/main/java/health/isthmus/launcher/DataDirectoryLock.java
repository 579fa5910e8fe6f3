package health.isthmus.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <data>/launcher.lock}, held while a launcher uses the data directory, so that two
 * launchers never share one. The operating system releases it when the process ends, however it ends.
 */
final class DataDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "launcher.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, or fails naming the data directory when another launcher holds it. */
    static DataDirectoryLock acquire(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(("another Isthmus launcher is running with the data directory %s; stop it first"
                            + " or choose another ISTHMUS_DATA_DIR")
                    .formatted(dataDirectory));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(
                (ProcessHandle.current().pid() + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII)));
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
