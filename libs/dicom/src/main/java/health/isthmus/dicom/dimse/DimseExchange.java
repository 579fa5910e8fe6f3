package health.isthmus.dicom.dimse;

import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.net.Association;
import health.isthmus.dicom.net.PresentationContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request being served: its command, its data set (read at most once), and the way back to the requestor.
 * Final responses are sent once; pending responses (C-FIND, and later C-GET/C-MOVE) may precede them.
 */
public final class DimseExchange {

    private static final Logger log = LoggerFactory.getLogger(DimseExchange.class);

    private final Association association;
    private final PresentationContext context;
    private final Command command;
    private final Outstanding outstanding;
    private @Nullable InputStream dataSet;
    private volatile boolean responded;

    DimseExchange(Association association, PresentationContext context, Command command, Outstanding outstanding) {
        this.association = association;
        this.context = context;
        this.command = command;
        this.outstanding = outstanding;
    }

    public Association association() {
        return association;
    }

    public PresentationContext presentationContext() {
        return context;
    }

    public Command command() {
        return command;
    }

    /** The request's data set as a stream (empty when the command announces none). */
    public InputStream dataSet() {
        if (dataSet == null) {
            dataSet = command.hasDataSet() ? association.dataSet() : InputStream.nullInputStream();
        }
        return dataSet;
    }

    /** The request's data set in memory, refusing more than {@code limit} bytes (the association is aborted). */
    public byte[] dataSetBytes(int limit) throws IOException {
        if (!command.hasDataSet()) {
            return new byte[0];
        }
        if (dataSet != null) {
            throw new IllegalStateException("the data set is already being read as a stream");
        }
        dataSet = InputStream.nullInputStream();
        return association.dataSetBytes(limit);
    }

    /** Reads and drops whatever is left of the data set. */
    void skipDataSet() throws IOException {
        InputStream rest = dataSet();
        rest.skip(Long.MAX_VALUE);
        while (rest.read() >= 0) {
            rest.skip(Long.MAX_VALUE);
        }
    }

    /** Whether the final response was sent. */
    public boolean responded() {
        return responded;
    }

    /** Sends the final response with this status and no data set. */
    public void respond(DimseStatus status) throws IOException {
        Command response = Command.responseTo(command, status.code(), false);
        if (status.errorComment() != null && status.code() != Status.SUCCESS) {
            String comment = status.errorComment();
            response.setString(Tag.ErrorComment, truncated(comment));
        }
        respond(response, null);
    }

    /** An error comment cut to the 64 characters of its VR (LO). */
    static String truncated(String comment) {
        return comment.length() > 64 ? comment.substring(0, 64) : comment;
    }

    /** Sends a response command (pending or final) with an optional data set in the context's transfer syntax. */
    public void respond(Command response, Association.@Nullable DataSetWriter data) throws IOException {
        boolean pending = Status.isPending(response.status());
        if (responded) {
            throw new IllegalStateException("the final response was already sent");
        }
        association.send(context.id(), CommandCodec.encode(response), data);
        if (!pending) {
            responded = true;
        }
        if (log.isDebugEnabled()) {
            log.debug(
                    "{} status {}",
                    CommandField.name(response.commandField()),
                    String.format("%04X", response.status()));
        }
    }

    /**
     * Runs the rest of this exchange on its own virtual thread, so that the association keeps reading (a C-CANCEL
     * for this message sets the returned flag). The next request waits until the task has ended.
     */
    public AtomicBoolean runConcurrently(ExchangeTask task) {
        AtomicBoolean cancelled = new AtomicBoolean();
        int messageId = command.messageId();
        Thread thread = Thread.ofVirtual().name("dimse-" + messageId).unstarted(() -> {
            try {
                task.run(cancelled);
            } catch (IOException | RuntimeException failure) {
                log.debug("{} ended: {}", CommandField.name(command.commandField()), failure.toString());
                association.abort();
            } finally {
                outstanding.running.remove(messageId);
            }
        });
        outstanding.running.put(messageId, new Outstanding.Task(thread, cancelled));
        thread.start();
        return cancelled;
    }

    /** The part of an exchange that runs while the association keeps reading. */
    @FunctionalInterface
    public interface ExchangeTask {
        void run(AtomicBoolean cancelled) throws IOException;
    }

    /** The exchanges of one association still running on their own threads. */
    static final class Outstanding {
        record Task(Thread thread, AtomicBoolean cancelled) {}

        private final Map<Integer, Task> running = new ConcurrentHashMap<>();

        void cancel(int messageId) {
            Task task = running.get(messageId);
            if (task != null) {
                task.cancelled().set(true);
            }
        }

        void awaitAll() throws IOException {
            for (Task task : running.values()) {
                try {
                    task.thread().join();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while a response was outstanding");
                }
            }
        }
    }
}
