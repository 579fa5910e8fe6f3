package health.isthmus.dicomweb.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void aBlobLivesUnderItsDigestAndTheSameBytesTwiceAreOneBlob() throws Exception {
        FilesystemBlobStore store = new FilesystemBlobStore(root, true);
        byte[] content = "instance bytes".getBytes(StandardCharsets.US_ASCII);

        StoredBlob first = write(store, content, 0);
        StoredBlob second = write(store, content, 0);

        assertThat(first.key()).isEqualTo(sha256(content)).isEqualTo(first.sha256());
        assertThat(first.alreadyStored()).isFalse();
        assertThat(second.alreadyStored()).isTrue();
        assertThat(store.path(first.key()))
                .isEqualTo(root.resolve("blobs")
                        .resolve(first.key().substring(0, 2))
                        .resolve(first.key().substring(2, 4))
                        .resolve(first.key()));
        try (InputStream in = store.open(first.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(files(root.resolve("tmp"))).isZero();
        assertThat(files(root.resolve("blobs"))).isOne();
    }

    @Test
    void aFileAWriterLeftAtAKeyWithoutForcingItIsReplacedByTheBytesStored() throws Exception {
        FilesystemBlobStore store = new FilesystemBlobStore(root, true);
        byte[] content = "instance bytes".getBytes(StandardCharsets.US_ASCII);
        // what a writer that died between linking and forcing may leave: the key's name with the bytes cut short
        Path left = store.path(sha256(content));
        Files.createDirectories(left.getParent());
        Files.write(left, new byte[3]);

        StoredBlob stored = write(store, content, 0);

        assertThat(stored.alreadyStored()).isTrue();
        try (InputStream in = store.open(stored.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(files(root.resolve("tmp"))).isZero();
        assertThat(files(root.resolve("blobs"))).isOne();
    }

    @Test
    void theSameBytesCommittedByManyWritersAtOnceAreOneWholeBlob() throws Exception {
        FilesystemBlobStore store = new FilesystemBlobStore(root, true);
        byte[] content = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(content);
        int writers = 8;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(writers);
        List<PendingBlob> pending = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            PendingBlob blob = store.create();
            blob.output().write(content);
            blob.seal();
            pending.add(blob);
        }
        List<StoredBlob> stored = new ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().factory())) {
            List<java.util.concurrent.Future<StoredBlob>> commits = new ArrayList<>();
            for (PendingBlob blob : pending) {
                commits.add(threads.submit(() -> {
                    together.await();
                    try (blob) {
                        return blob.commit();
                    }
                }));
            }
            for (var commit : commits) {
                stored.add(commit.get());
            }
        }

        assertThat(stored).extracting(StoredBlob::key).containsOnly(sha256(content));
        assertThat(stored).filteredOn(blob -> !blob.alreadyStored()).hasSize(1);
        try (InputStream in = store.open(sha256(content))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(files(root.resolve("tmp"))).isZero();
        assertThat(files(root.resolve("blobs"))).isOne();
    }

    @Test
    void theContentDigestStartsAtTheMark() throws Exception {
        FilesystemBlobStore store = new FilesystemBlobStore(root, false);
        byte[] content = "HEADERpayload".getBytes(StandardCharsets.US_ASCII);

        StoredBlob blob = write(store, content, 6);

        assertThat(blob.contentSha256()).isEqualTo(sha256("payload".getBytes(StandardCharsets.US_ASCII)));
        assertThat(blob.sha256()).isEqualTo(sha256(content));
    }

    @Test
    void anUncommittedBlobLeavesNothingAndNoKeyNamesAPathOutsideTheStore() throws Exception {
        FilesystemBlobStore store = new FilesystemBlobStore(root, false);
        try (PendingBlob pending = store.create()) {
            pending.output().write(new byte[10_000]);
        }

        assertThat(files(root)).isZero();
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete("AB" + "0".repeat(62))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partialFilesLeftByADeadProcessAreRemovedButOneBeingWrittenStays() throws Exception {
        FilesystemBlobStore store = new FilesystemBlobStore(root, false);
        Path abandoned = Files.write(root.resolve("tmp").resolve("blob-123.part"), new byte[4096]);
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        try (PendingBlob writing = store.create()) {
            writing.output().write(new byte[100]);
            writing.output().flush();

            int removed = store.removeAbandonedPartials(Duration.ofHours(1));

            assertThat(removed).isOne();
            assertThat(abandoned).doesNotExist();
            assertThat(files(root.resolve("tmp"))).isOne();
        }
    }

    private static StoredBlob write(BlobStore store, byte[] content, long mark) throws IOException {
        try (PendingBlob pending = store.create()) {
            pending.markContentStart(mark);
            pending.output().write(content);
            return pending.commit();
        }
    }

    private static long files(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
