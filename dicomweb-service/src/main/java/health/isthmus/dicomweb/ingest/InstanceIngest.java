package health.isthmus.dicomweb.ingest;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.dimse.Status;
import health.isthmus.dicom.io.FileMetaInformation;
import health.isthmus.dicom.io.Part10Writer;
import health.isthmus.dicomweb.audit.ArchiveAudit;
import health.isthmus.dicomweb.ingest.IngestOutcome.Result;
import health.isthmus.dicomweb.storage.BlobStore;
import health.isthmus.dicomweb.storage.PendingBlob;
import health.isthmus.dicomweb.storage.SealedBlob;
import health.isthmus.dicomweb.storage.StoredBlob;
import health.isthmus.events.archive.InstanceStored;
import health.isthmus.platform.outbox.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes an instance in, from C-STORE or STOW-RS: writes the Part 10 file to the blob store, reads its header from
 * the written file, then indexes it with its InstanceStored event and audit record in one transaction while the file
 * is forced to the device and renamed into place; the transaction commits only once the file is durable, so an index
 * row always names a durable file. The outcome is Success only after that commit; whatever fails before leaves no
 * index row, and a file without one is harmless (the sender retries, and the same bytes land on the same blob).
 */
@Service
public class InstanceIngest {

    private static final Logger log = LoggerFactory.getLogger(InstanceIngest.class);

    /** Preamble, "DICM" and the File Meta Information Group Length element: 128 + 4 + 12 bytes. */
    private static final int META_PREFIX = 144;

    private final BlobStore blobs;
    private final InstanceIndexWriter index;
    private final TransactionTemplate transactions;
    private final EventPublisher events;
    private final ArchiveAudit audit;
    private final IngestProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Timer receiving;
    private final Timer parsing;
    private final Timer persisting;
    private final Timer indexing;
    private final Timer statements;
    private final Timer fileWait;
    private final Timer committing;
    private final Executor durability = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("blob-durable-", 0).factory());

    public InstanceIngest(
            BlobStore blobs,
            InstanceIndexWriter index,
            TransactionTemplate transactions,
            EventPublisher events,
            ArchiveAudit audit,
            IngestProperties properties,
            JdbcClient jdbc,
            Clock clock,
            MeterRegistry meters) {
        this.blobs = blobs;
        this.index = index;
        this.transactions = transactions;
        this.events = events;
        this.audit = audit;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
        // isthmus.archive.ingest{phase}: where the time of a store goes, from the first byte to the committed index
        this.receiving = phase(meters, "receive", "reading the instance from the sender and writing it to a file");
        this.parsing = phase(meters, "parse", "reading the header back from the written file");
        this.persisting = phase(meters, "durable", "forcing the file to the device and renaming it into place");
        this.indexing = phase(meters, "index", "the index transaction with its event and audit record");
        // the index phase in three: its statements, then waiting for the file, then the commit (the WAL's flush)
        this.statements = phase(meters, "statements", "the index statements, event and audit record, uncommitted");
        this.fileWait = phase(meters, "file-wait", "the index transaction waiting for the file to be durable");
        this.committing = phase(meters, "commit", "the index transaction's commit");
    }

    private static Timer phase(MeterRegistry meters, String phase, String description) {
        return Timer.builder("isthmus.archive.ingest")
                .tag("phase", phase)
                .description(description)
                .register(meters);
    }

    /**
     * Stores a data set as a C-STORE delivers it (no File Meta Information, encoded in the presentation context's
     * transfer syntax); the file gets File Meta Information naming the request's UIDs and the calling AE title.
     */
    public IngestOutcome storeDataset(
            IngestSource source,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntaxUid,
            InputStream data) {
        Attributes meta = FileMetaInformation.create(sopClassUid, sopInstanceUid, transferSyntaxUid);
        if (source.callingAeTitle() != null) {
            meta = FileMetaInformation.withSourceAeTitle(meta, source.callingAeTitle());
        }
        try (PendingBlob blob = blobs.create()) {
            try {
                long start = System.nanoTime();
                ByteArrayOutputStream encodedMeta = new ByteArrayOutputStream(512);
                Part10Writer.writeMeta(encodedMeta, meta);
                blob.markContentStart(encodedMeta.size());
                encodedMeta.writeTo(blob.output());
                data.transferTo(blob.output());
                receiving.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                return failed("the instance could not be written: " + e.getMessage(), e);
            }
            return finish(blob, source, sopClassUid, sopInstanceUid, null);
        } catch (IOException e) {
            return failed("the instance could not be written: " + e.getMessage(), e);
        }
    }

    /** Stores a Part 10 file as STOW-RS delivers it. */
    public IngestOutcome storeFile(IngestSource source, InputStream part10) throws IOException {
        return storeFile(source, part10, null);
    }

    /**
     * Stores a Part 10 file as STOW-RS delivers it to {@code POST /studies/{study}}: an instance of another study is
     * refused (A900) and not stored.
     *
     * @throws IOException when reading the request fails (the client's side); nothing is stored then
     */
    public IngestOutcome storeFile(IngestSource source, InputStream part10, @Nullable String studyInstanceUid)
            throws IOException {
        try (PendingBlob blob = blobs.create()) {
            long start = System.nanoTime();
            byte[] head = part10.readNBytes(META_PREFIX);
            blob.markContentStart(datasetOffset(head));
            blob.output().write(head);
            part10.transferTo(blob.output());
            receiving.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return finish(blob, source, null, null, studyInstanceUid);
        }
    }

    /**
     * Where the data set of a Part 10 file starts, from its first bytes: after the preamble, "DICM" and the File Meta
     * Information group whose length (0002,0000) the group opens with; 0 when the file does not open that way (the
     * header parse refuses it then).
     */
    static long datasetOffset(byte[] head) {
        if (head.length < META_PREFIX
                || head[128] != 'D'
                || head[129] != 'I'
                || head[130] != 'C'
                || head[131] != 'M'
                || head[132] != 0x02
                || head[133] != 0
                || head[134] != 0
                || head[135] != 0) {
            return 0;
        }
        long groupLength =
                (head[140] & 0xFFL) | (head[141] & 0xFFL) << 8 | (head[142] & 0xFFL) << 16 | (head[143] & 0xFFL) << 24;
        return META_PREFIX + groupLength;
    }

    private IngestOutcome finish(
            PendingBlob blob,
            IngestSource source,
            @Nullable String requestedClass,
            @Nullable String requestedInstance,
            @Nullable String requestedStudy)
            throws IOException {
        InstanceHeader header;
        long parseStart = System.nanoTime();
        try (InputStream written = new BufferedInputStream(blob.reread(), 64 * 1024)) {
            header = InstanceHeader.read(written, blob.size());
            parsing.record(System.nanoTime() - parseStart, TimeUnit.NANOSECONDS);
        } catch (IOException | RuntimeException e) {
            return refuse(
                    source,
                    Result.INVALID,
                    Status.CANNOT_UNDERSTAND,
                    "not a readable DICOM data set: " + e.getMessage(),
                    null);
        }
        String problem = header.problem();
        if (problem == null && requestedInstance != null && !requestedInstance.equals(header.sopInstanceUid())) {
            problem = "the SOP Instance UID of the data set is not the one of the C-STORE request";
        }
        if (problem == null && requestedClass != null && !requestedClass.equals(header.sopClassUid())) {
            problem = "the SOP Class UID of the data set is not the one of the C-STORE request";
        }
        if (problem == null && requestedStudy != null && !requestedStudy.equals(header.studyInstanceUid())) {
            problem = "the Study Instance UID of the data set is not the study of the request path";
        }
        if (problem != null) {
            return refuse(source, Result.INVALID, Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, problem, header);
        }
        SealedBlob sealed;
        try {
            sealed = blob.seal();
        } catch (IOException e) {
            return failed("the instance could not be written: " + e.getMessage(), e);
        }
        // the file is made durable while the index statements run; the index commits only once it is
        CompletableFuture<StoredBlob> durable = CompletableFuture.supplyAsync(() -> persist(blob), durability);
        StoredBlob pending =
                new StoredBlob(sealed.key(), sealed.sha256(), sealed.size(), sealed.contentSha256(), false);
        Instant now = clock.instant();
        IndexedInstance indexed;
        long[] waited = new long[1];
        try {
            long indexStart = System.nanoTime();
            indexed = transactions.execute(tx -> {
                IndexedInstance written = statements.record(() -> index(header, pending, source, now));
                long waitStart = System.nanoTime();
                durable.join();
                waited[0] = System.nanoTime();
                fileWait.record(waited[0] - waitStart, TimeUnit.NANOSECONDS);
                return written;
            });
            long indexEnd = System.nanoTime();
            committing.record(indexEnd - waited[0], TimeUnit.NANOSECONDS);
            indexing.record(indexEnd - indexStart, TimeUnit.NANOSECONDS);
        } catch (CompletionException e) {
            return failed(
                    "the instance could not be made durable: " + e.getCause().getMessage(), e.getCause());
        } catch (DataAccessException e) {
            return failed("the index is unavailable", e);
        } finally {
            // the blob is closed by the caller: never while it is being made durable
            durable.handle((stored, failure) -> null).join();
        }
        if (indexed == null) {
            throw new IllegalStateException("the index transaction returned nothing");
        }
        return outcome(indexed, header, durable.join());
    }

    private StoredBlob persist(PendingBlob blob) {
        long start = System.nanoTime();
        try {
            StoredBlob stored = blob.commit();
            persisting.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IndexedInstance index(InstanceHeader header, StoredBlob stored, IngestSource source, Instant now) {
        IndexedInstance indexed = index.write(new NewInstance(header, stored, source, now), properties.duplicates());
        switch (indexed.change()) {
            case ADDED, REPLACED -> {
                events.publish(new InstanceStored(
                        indexed.study(),
                        header.seriesInstanceUid(),
                        header.sopInstanceUid(),
                        header.sopClassUid(),
                        header.transferSyntaxUid(),
                        stored.sha256(),
                        stored.size(),
                        source.via(),
                        source.sender(),
                        now));
                audit.instanceReceived(
                        source.via(),
                        source.sender(),
                        source.remoteAddress(),
                        header.studyInstanceUid(),
                        header.sopInstanceUid(),
                        indexed.study(),
                        null);
            }
            case UNCHANGED ->
                audit.instanceReceived(
                        source.via(),
                        source.sender(),
                        source.remoteAddress(),
                        header.studyInstanceUid(),
                        header.sopInstanceUid(),
                        null,
                        null);
            case CONFLICT_KEPT, CONFLICT_REFUSED, SERIES_IN_OTHER_STUDY, OTHER_SITE ->
                audit.instanceReceived(
                        source.via(),
                        source.sender(),
                        source.remoteAddress(),
                        header.studyInstanceUid(),
                        header.sopInstanceUid(),
                        null,
                        reason(indexed));
        }
        return indexed;
    }

    private static String reason(IndexedInstance indexed) {
        return switch (indexed.change()) {
            case CONFLICT_KEPT -> "other content for a stored SOP Instance UID, kept aside for an admin";
            case CONFLICT_REFUSED ->
                "other content for a stored SOP Instance UID (series " + indexed.conflictingSeries()
                        + "); the stored instance is kept";
            case SERIES_IN_OTHER_STUDY -> "the Series Instance UID belongs to another study";
            case OTHER_SITE -> "the study belongs to a site outside the sender's sites";
            default -> "";
        };
    }

    private IngestOutcome outcome(IndexedInstance indexed, InstanceHeader header, StoredBlob stored) {
        return switch (indexed.change()) {
            case ADDED -> success(Result.STORED, header, indexed);
            case REPLACED -> success(Result.REPLACED, header, indexed);
            case UNCHANGED -> success(Result.DUPLICATE, header, indexed);
            case CONFLICT_KEPT -> success(Result.CONFLICT_KEPT, header, indexed);
            case CONFLICT_REFUSED -> {
                discardUnreferenced(stored);
                yield IngestOutcome.refused(
                        Result.CONFLICT_REFUSED, Status.DUPLICATE_SOP_INSTANCE, reason(indexed), header);
            }
            case SERIES_IN_OTHER_STUDY -> {
                discardUnreferenced(stored);
                yield IngestOutcome.refused(
                        Result.INVALID, Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, reason(indexed), header);
            }
            case OTHER_SITE -> {
                discardUnreferenced(stored);
                yield IngestOutcome.refused(Result.INVALID, Status.NOT_AUTHORIZED, reason(indexed), header);
            }
        };
    }

    private static IngestOutcome success(Result result, InstanceHeader header, IndexedInstance indexed) {
        return new IngestOutcome(
                result,
                Status.SUCCESS,
                null,
                header.studyInstanceUid(),
                header.seriesInstanceUid(),
                header.sopInstanceUid(),
                header.sopClassUid(),
                indexed.study());
    }

    /** Removes a refused file unless an instance or a kept conflict uses the same bytes. */
    private void discardUnreferenced(StoredBlob stored) {
        if (stored.alreadyStored()) {
            return;
        }
        boolean used = jdbc.sql("""
                        select exists (select 1 from instance where blob_key = ?)
                            or exists (select 1 from instance_conflict where blob_key = ?)
                        """)
                .param(stored.key())
                .param(stored.key())
                .query(Boolean.class)
                .single();
        if (!used) {
            try {
                blobs.delete(stored.key());
            } catch (IOException e) {
                log.warn("refused file {} could not be removed: {}", stored.key(), e.toString());
            }
        }
    }

    private IngestOutcome refuse(
            IngestSource source, Result result, int status, String reason, @Nullable InstanceHeader header) {
        try {
            transactions.executeWithoutResult(tx -> audit.instanceReceived(
                    source.via(),
                    source.sender(),
                    source.remoteAddress(),
                    header == null ? null : header.studyInstanceUid(),
                    header == null ? null : header.sopInstanceUid(),
                    null,
                    reason));
        } catch (DataAccessException e) {
            log.warn("audit record of a refused instance could not be written: {}", e.toString());
        }
        return IngestOutcome.refused(result, status, reason, header);
    }

    private static IngestOutcome failed(String reason, Throwable cause) {
        log.warn(
                "instance not stored: {} ({})",
                cause.toString(),
                NestedExceptionUtils.getMostSpecificCause(cause).getMessage());
        return IngestOutcome.refused(Result.FAILED, Status.OUT_OF_RESOURCES, reason, null);
    }
}
