package health.isthmus.dicomweb.storage;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Blobs as files under {@code <root>/blobs/<2 hex>/<2 hex>/<sha256>}: written to {@code <root>/tmp}, linked into
 * place, forced to the device with the directories that name them, and only then reported committed; a key that
 * exists already is taken over by the new bytes, forced before they are renamed onto it. So once a commit has
 * returned its key names durable bytes whenever the process dies, and a file a writer left at a key without forcing
 * it (it died in between, and nothing was indexed) is never trusted. Keys are the digest's 64 hex characters and
 * nothing else.
 */
public final class FilesystemBlobStore implements BlobStore {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final int WRITE_SIZE = 64 * 1024;

    private final Path blobs;
    private final Path tmp;
    private final boolean fsync;

    /** Forces directories beside the file's own force (see {@link #forceTogether}). */
    private final ExecutorService forcing = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("blob-force-", 0).factory());

    public FilesystemBlobStore(Path root, boolean fsync) {
        Path absolute = root.toAbsolutePath().normalize();
        this.blobs = absolute.resolve("blobs");
        this.tmp = absolute.resolve("tmp");
        this.fsync = fsync;
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(tmp);
            createFirstLevel();
        } catch (IOException e) {
            throw new UncheckedIOException("blob store root " + absolute + " is not writable", e);
        }
    }

    /**
     * Creates the 256 first-level directories up front, so a blob whose second-level directory is new forces one
     * directory more (that directory's parent), never also the root.
     */
    private void createFirstLevel() throws IOException {
        boolean created = false;
        for (int i = 0; i < 256; i++) {
            Path level = blobs.resolve(HexFormat.of().toHexDigits((byte) i));
            if (!Files.isDirectory(level)) {
                Files.createDirectories(level);
                created = true;
                if (fsync) {
                    forceDirectory(level);
                }
            }
        }
        if (created && fsync) {
            forceDirectory(blobs);
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

    /**
     * Forces a file (when given) and directories, each on a thread of its own, so their flushes wait at the device
     * together instead of one after the other; returns once all of them are durable, or throws the first failure.
     */
    private void forceTogether(@Nullable FileChannel file, List<Path> directories) throws IOException {
        List<Future<?>> forces = new ArrayList<>(directories.size());
        for (Path directory : directories) {
            forces.add(forcing.submit(() -> {
                forceDirectory(directory);
                return null;
            }));
        }
        IOException failure = null;
        if (file != null) {
            try {
                file.force(true);
            } catch (IOException e) {
                failure = e;
            }
        }
        for (Future<?> force : forces) {
            try {
                force.get();
            } catch (ExecutionException e) {
                IOException cause = e.getCause() instanceof IOException io
                        ? io
                        : new IOException("directory could not be forced", e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while forcing directories");
            }
        }
        if (failure != null) {
            throw failure;
        }
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

        /**
         * Puts the file under its key with link(2), which never replaces a file, then forces it: on ext4 and XFS the
         * file's content and its new directory entries reach the device in that one flush, and the directory forces
         * that follow find little left to write. When the key exists already, whatever is there may be a file whose
         * writer died between linking and forcing it, so the bytes here are forced first and renamed over it: a key
         * names durable bytes once any commit of them has returned.
         */
        @Override
        public synchronized StoredBlob commit() throws IOException {
            if (done) {
                throw new IllegalStateException("blob already committed or discarded");
            }
            SealedBlob blob = seal();
            String key = blob.key();
            Path target = path(key);
            Path shard = target.getParent();
            boolean newShard = !Files.isDirectory(shard);
            boolean newFirstLevel = newShard && !Files.isDirectory(shard.getParent());
            if (newShard) {
                Files.createDirectories(shard);
            }
            done = true;
            List<Path> directories = new ArrayList<>(3);
            directories.add(shard);
            if (newShard) {
                directories.add(shard.getParent());
            }
            if (newFirstLevel) {
                directories.add(blobs);
            }
            boolean alreadyStored;
            try {
                if (link(target)) {
                    alreadyStored = false;
                    Files.delete(file);
                    if (fsync) {
                        // the file and the directories naming it are forced at once: a name made durable before
                        // its bytes is one of those never trusted (see the class comment), and nothing is reported
                        // committed before both are
                        forceTogether(channel, directories);
                    }
                } else {
                    alreadyStored = Files.exists(target);
                    if (fsync) {
                        channel.force(true);
                    }
                    moveOnto(target);
                    if (fsync) {
                        forceTogether(null, directories);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a name under the key that was not forced is harmless (nothing indexes it); the partial file goes
                Files.deleteIfExists(file);
                throw e;
            } finally {
                channel.close();
            }
            return new StoredBlob(key, key, blob.size(), blob.contentSha256(), alreadyStored);
        }

        /** Links the file under the target; false when the target exists or the file system has no hard links. */
        private boolean link(Path target) throws IOException {
            try {
                Files.createLink(target, file);
                return true;
            } catch (FileAlreadyExistsException | UnsupportedOperationException e) {
                return false;
            } catch (FileSystemException e) {
                // a file system that refuses links (EPERM) gets the rename of a forced file instead
                if (!Files.exists(file)) {
                    throw e;
                }
                return false;
            }
        }

        private void moveOnto(Path target) throws IOException {
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("blob store tmp and blobs directories must be on one file system", e);
            }
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
