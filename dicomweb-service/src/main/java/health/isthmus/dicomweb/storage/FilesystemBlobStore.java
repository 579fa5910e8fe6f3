package health.isthmus.dicomweb.storage;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Blobs as files under {@code <root>/blobs/<2 hex>/<2 hex>/<sha256>}: written to {@code <root>/tmp}, forced to the
 * device, renamed atomically into place and the directory forced, so a blob either exists whole and durable or not
 * at all, whenever the process dies. Keys are the digest's 64 hex characters and nothing else.
 */
public final class FilesystemBlobStore implements BlobStore {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final int WRITE_SIZE = 64 * 1024;

    private final Path blobs;
    private final Path tmp;
    private final boolean fsync;

    public FilesystemBlobStore(Path root, boolean fsync) {
        Path absolute = root.toAbsolutePath().normalize();
        this.blobs = absolute.resolve("blobs");
        this.tmp = absolute.resolve("tmp");
        this.fsync = fsync;
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("blob store root " + absolute + " is not writable", e);
        }
    }

    /**
     * Removes partial files a process that died while writing left in {@code tmp}: those not written to for longer
     * than {@code idle} (a blob being written is written to all the time, so another instance sharing the root
     * keeps its own). Returns how many were removed.
     */
    public int removeAbandonedPartials(Duration idle) throws IOException {
        Instant before = Instant.now().minus(idle);
        int removed = 0;
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(tmp, "blob-*.part")) {
            for (Path partial : partials) {
                try {
                    if (Files.getLastModifiedTime(partial).toInstant().isBefore(before)
                            && Files.deleteIfExists(partial)) {
                        removed++;
                    }
                } catch (NoSuchFileException e) {
                    // sealed or removed meanwhile
                }
            }
        }
        return removed;
    }

    @Override
    public PendingBlob create() throws IOException {
        return new PendingFile(Files.createTempFile(tmp, "blob-", ".part"));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(path(key));
    }

    @Override
    public SeekableByteChannel openChannel(String key) throws IOException {
        return FileChannel.open(path(key), StandardOpenOption.READ);
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(path(key));
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = path(key);
        if (Files.deleteIfExists(file) && fsync) {
            forceDirectory(file.getParent());
        }
    }

    /** The file of a key; refuses anything but a digest, so no key can name a path outside the store. */
    Path path(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return blobs.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private final class PendingFile implements PendingBlob {

        private final Path file;
        private final FileChannel channel;
        private final MessageDigest digest = sha256();
        private final MessageDigest contentDigest = sha256();
        private final OutputStream output;
        private long size;
        private long contentStart;
        private @Nullable SealedBlob sealed;
        private boolean done;

        PendingFile(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
            OutputStream digesting = new FilterOutputStream(Channels.newOutputStream(channel)) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    digest.update(b, off, len);
                    long skip = Math.max(0, Math.min(len, contentStart - size));
                    if (skip < len) {
                        contentDigest.update(b, off + (int) skip, len - (int) skip);
                    }
                    size += len;
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            this.output = new BufferedOutputStream(digesting, WRITE_SIZE) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
        }

        @Override
        public OutputStream output() {
            return output;
        }

        @Override
        public void markContentStart(long offset) {
            if (offset < size) {
                throw new IllegalStateException("content mark " + offset + " behind the " + size + " bytes digested");
            }
            contentStart = offset;
        }

        @Override
        public InputStream reread() throws IOException {
            output.flush();
            return Files.newInputStream(file);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public synchronized SealedBlob seal() throws IOException {
            if (sealed == null) {
                output.flush();
                String key = HexFormat.of().formatHex(digest.digest());
                sealed = new SealedBlob(key, key, size, HexFormat.of().formatHex(contentDigest.digest()));
            }
            return sealed;
        }

        @Override
        public synchronized StoredBlob commit() throws IOException {
            if (done) {
                throw new IllegalStateException("blob already committed or discarded");
            }
            SealedBlob blob = seal();
            if (fsync) {
                channel.force(true);
            }
            channel.close();
            String key = blob.key();
            Path target = path(key);
            done = true;
            Path shard = target.getParent();
            if (Files.exists(target)) {
                Files.deleteIfExists(file);
                if (fsync) {
                    // whoever renamed it may have died before forcing the directory
                    forceDirectory(shard);
                }
                return new StoredBlob(key, key, blob.size(), blob.contentSha256(), true);
            }
            boolean newShard = !Files.isDirectory(shard);
            Files.createDirectories(shard);
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(file);
                throw new IOException("blob store tmp and blobs directories must be on one file system", e);
            }
            if (fsync) {
                forceDirectory(shard);
                if (newShard) {
                    forceDirectory(shard.getParent());
                    forceDirectory(blobs);
                }
            }
            return new StoredBlob(key, key, blob.size(), blob.contentSha256(), false);
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                channel.close();
                try {
                    Files.deleteIfExists(file);
                } catch (NoSuchFileException ignored) {
                    // already gone
                }
            }
        }
    }
}
