package health.isthmus.hl7ingest.intake;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.hl7ingest.appack.ApplicationAckOutbox;
import health.isthmus.hl7ingest.appack.PendingApplicationAck;
import health.isthmus.hl7ingest.store.MessageStore;
import health.isthmus.hl7ingest.store.ReceivedMessage;
import health.isthmus.platform.outbox.TransactionalOutbox;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits the messages of every connection in groups, so that one PostgreSQL commit (one WAL flush) makes a
 * whole group durable. Each caller waits until its own message is committed, so acknowledgments still follow
 * commits. A group that fails is retried one message at a time, so one bad message cannot fail its neighbours.
 *
 * <p>There is no committer thread: the first caller to find no commit running becomes the leader and commits,
 * in its own thread, its message with every other that is waiting; whatever arrives meanwhile waits for the
 * next leader, the first waiting caller, woken when the leader is done. A lone message thus goes from its
 * connection's thread to the database and back without waiting for another thread to wake up.
 *
 * <p>Commits run in several lanes side by side ({@code isthmus.hl7-ingest.commit.committers}), each with a
 * leader of its own, so that one group is being written while another waits for its WAL flush (PostgreSQL
 * flushes the commits that wait together at once). A patient's messages always go to the same lane, so that
 * messages about one patient that arrive together on several connections are written one group after the other
 * rather than in two transactions that wait on each other's rows. (A sender's successive messages keep their order
 * in any lane: each is answered only after its commit, before the next is sent.)
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final MessageStore.Saved NOTHING_STORED = new MessageStore.Saved(null, "");
    /** How long a waiting caller sleeps before it looks again whether it can lead (it is woken before, normally). */
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final MessageStore store;
    private final TransactionalOutbox outbox;
    private final ApplicationAckOutbox applicationAcks;
    private final List<CommitParticipant> participants;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxGroupSize;
    private final Duration commitTimeout;
    private final List<Lane> lanes;
    private final AtomicInteger nextLaneWithoutPatient = new AtomicInteger();
    private final DistributionSummary groupSizes;
    private final Timer commitTimes;
    private volatile boolean running;

    GroupCommit(
            MessageStore store,
            TransactionalOutbox outbox,
            ApplicationAckOutbox applicationAcks,
            List<CommitParticipant> participants,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters,
            @Value("${isthmus.hl7-ingest.commit.max-group-size:256}") int maxGroupSize,
            @Value("${isthmus.hl7-ingest.commit.timeout:PT30S}") Duration commitTimeout,
            @Value("${isthmus.hl7-ingest.commit.committers:2}") int committers) {
        if (committers < 1 || maxGroupSize < 1) {
            throw new IllegalArgumentException(
                    "isthmus.hl7-ingest.commit.committers and max-group-size must be at least 1");
        }
        this.store = store;
        this.outbox = outbox;
        this.applicationAcks = applicationAcks;
        this.participants = List.copyOf(participants);
        this.transactions = transactions;
        this.clock = clock;
        this.maxGroupSize = maxGroupSize;
        this.commitTimeout = commitTimeout;
        List<Lane> created = new ArrayList<>(committers);
        for (int i = 0; i < committers; i++) {
            created.add(new Lane());
        }
        this.lanes = List.copyOf(created);
        this.groupSizes = DistributionSummary.builder("isthmus.hl7ingest.commit.group.size")
                .description("messages committed together in one transaction")
                .register(meters);
        this.commitTimes = HandlingTimer.of("commit", meters);
    }

    /**
     * Commits one message's request with whatever else is waiting, and returns once it is durable.
     *
     * @return what the store made of the message (a resend is not stored again)
     * @throws CommitFailedException when it could not be committed; nothing of it is kept
     */
    MessageStore.Saved commit(CommitRequest request) {
        long started = System.nanoTime();
        try {
            return commitTimed(request);
        } finally {
            commitTimes.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private MessageStore.Saved commitTimed(CommitRequest request) {
        if (!running) {
            throw new CommitFailedException("the message store is not accepting messages", null);
        }
        Lane lane = laneOf(request);
        Pending pending = new Pending(ready(request), Thread.currentThread());
        lane.waiting.add(pending);
        long deadline = System.nanoTime() + commitTimeout.toNanos();
        while (!pending.isDone()) {
            if (lane.leader.tryLock()) {
                try {
                    leadUntilDone(lane, pending);
                } finally {
                    lane.leader.unlock();
                }
                // whoever queued up behind the last group leads the next one
                Pending next = lane.waiting.peek();
                if (next != null) {
                    LockSupport.unpark(next.owner());
                }
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    // it may still commit later; the sender's resend then finds it and gets its code
                    throw new CommitFailedException("the message store did not answer in " + commitTimeout, null);
                }
                LockSupport.parkNanos(this, Math.min(left, WAIT_SLICE_NANOS));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new CommitFailedException("interrupted while committing", null);
                }
            }
        }
        return pending.outcome();
    }

    /** The lane that takes this request: the patient's own, or any for a message without one. */
    private Lane laneOf(CommitRequest request) {
        ReceivedMessage message = request.message();
        int lane = message != null && !message.patientKey().isEmpty()
                ? Math.floorMod(message.patientKey().hashCode(), lanes.size())
                : Math.floorMod(nextLaneWithoutPatient.getAndIncrement(), lanes.size());
        return lanes.get(lane);
    }

    /** As the lane's leader, commits groups in arrival order until the leader's own message is among them. */
    private void leadUntilDone(Lane lane, Pending own) {
        // the group's records are not this connection's: no diagnostic context of the leader's thread on them
        Map<String, String> context = MDC.getCopyOfContextMap();
        MDC.clear();
        try {
            List<Pending> group = new ArrayList<>(Math.min(maxGroupSize, 64));
            while (!own.isDone()) {
                Pending next;
                while (group.size() < maxGroupSize && (next = lane.waiting.poll()) != null) {
                    group.add(next);
                }
                if (group.isEmpty()) {
                    return; // cannot happen while its own message waits, but never spin
                }
                commitGroup(group);
                group.clear();
            }
        } finally {
            if (context != null) {
                MDC.setContextMap(context);
            }
        }
    }

    private void commitGroup(List<Pending> group) {
        List<MessageStore.Saved> results;
        try {
            Prepared prepared = prepare(group);
            results = prepared.writesOneStatement()
                    ? write(prepared) // the statement commits itself: no separate COMMIT round trip
                    : transactions.execute(status -> write(prepared));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                log.warn("message could not be committed: {}", e.toString());
                group.getFirst().fail(e);
            } else {
                log.info(
                        "group of {} failed to commit ({}); committing its messages one by one",
                        group.size(),
                        e.toString());
                group.forEach(pending -> commitGroup(List.of(pending)));
            }
            return;
        }
        groupSizes.record(group.size());
        for (int i = 0; i < group.size(); i++) {
            group.get(i).succeed(results.get(i));
        }
    }

    /**
     * What one request writes, made in the caller's own thread before it joins its lane: the message's id, its events
     * as outbox rows, its raw text encrypted. The lane's leader then only puts the group's rows together and writes
     * them, so the connections prepare their messages side by side instead of one after the other in the leader.
     */
    private Ready ready(CommitRequest request) {
        try {
            ReceivedMessage message = request.message();
            long id = message == null ? 0L : store.reserveIds(1)[0];
            List<IsthmusEvent> events = request.eventsFor().apply(id);
            List<TransactionalOutbox.OutboxEntry> entries = outbox.entriesOf(events);
            MessageStore.@Nullable Sealed sealed = message == null ? null : store.seal(id, message);
            return new Ready(request, sealed, events, entries);
        } catch (RuntimeException e) {
            // the class only: a failure while serializing or sealing may quote the content it failed on
            throw new CommitFailedException(
                    "the message could not be prepared for storing ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /**
     * One request prepared for writing.
     *
     * @param sealed the message to store, null without one
     */
    private record Ready(
            CommitRequest request,
            MessageStore.@Nullable Sealed sealed,
            List<IsthmusEvent> events,
            List<TransactionalOutbox.OutboxEntry> entries) {

        /** The message's reserved id, 0 without a message (what its events name). */
        long id() {
            return sealed == null ? 0L : sealed.id();
        }
    }

    /** The group's prepared requests put together for one write. */
    private Prepared prepare(List<Pending> group) {
        List<MessageStore.Sealed> messages = new ArrayList<>(group.size());
        List<List<IsthmusEvent>> eventsOfEach = new ArrayList<>(group.size());
        List<IsthmusEvent> allEvents = new ArrayList<>(group.size() * 2);
        List<MessageStore.EventOfMessage> rows = new ArrayList<>(group.size() * 2);
        boolean acknowledgmentsLater = false;
        for (Pending pending : group) {
            Ready ready = pending.ready();
            if (ready.sealed() != null) {
                messages.add(ready.sealed());
            }
            eventsOfEach.add(ready.events());
            allEvents.addAll(ready.events());
            for (TransactionalOutbox.OutboxEntry entry : ready.entries()) {
                rows.add(new MessageStore.EventOfMessage(ready.id(), entry));
            }
            acknowledgmentsLater |= ready.request().applicationAck() != null;
        }
        boolean oneStatement = !messages.isEmpty()
                && !acknowledgmentsLater
                && participants.stream().noneMatch(participant -> participant.writesFor(allEvents));
        return new Prepared(group, messages, eventsOfEach, allEvents, rows, oneStatement);
    }

    /**
     * Writes one group: the messages and the outbox rows of their events in one statement (a resend's events are
     * left out by the statement itself), then what the participants and application acknowledgments need.
     */
    private List<MessageStore.Saved> write(Prepared prepared) {
        List<MessageStore.Saved> saved;
        if (prepared.messages().isEmpty()) {
            // only refusals' audit records
            outbox.publishAll(prepared.allEvents());
            saved = List.of();
        } else {
            saved = store.saveAll(prepared.messages(), prepared.rows());
            outbox.wakeRelayOnCommit();
        }
        List<Pending> group = prepared.group();
        List<MessageStore.Saved> results = new ArrayList<>(group.size());
        List<IsthmusEvent> written = new ArrayList<>(prepared.allEvents().size());
        List<PendingApplicationAck> acks = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < group.size(); i++) {
            Pending pending = group.get(i);
            CommitRequest request = pending.ready().request();
            MessageStore.Saved result = request.message() == null ? NOTHING_STORED : saved.get(next++);
            results.add(result);
            if (result.isNew() || request.message() == null) {
                written.addAll(prepared.eventsOfEach().get(i));
                if (request.applicationAck() != null) {
                    acks.add(request.applicationAck());
                }
            }
        }
        if (!prepared.writesOneStatement()) {
            participants.forEach(participant -> participant.committing(written));
            applicationAcks.saveAll(acks, clock.instant());
        }
        return results;
    }

    /**
     * A group ready to write.
     *
     * @param writesOneStatement whether the messages and their events are all there is to write (no participant
     *     keeps anything of these events, no application acknowledgment is due), so that one statement, committed
     *     on its own, is the whole group's transaction
     */
    private record Prepared(
            List<Pending> group,
            List<MessageStore.Sealed> messages,
            List<List<IsthmusEvent>> eventsOfEach,
            List<IsthmusEvent> allEvents,
            List<MessageStore.EventOfMessage> rows,
            boolean writesOneStatement) {}

    @Override
    public synchronized void start() {
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        // the callers commit in their own threads: wait for the groups under way and the callers still queued
        long deadline = System.nanoTime() + commitTimeout.toNanos();
        while (lanes.stream().anyMatch(Lane::busy) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // start before and stop after the MLLP listeners, which stop first
        return Integer.MAX_VALUE - 2048;
    }

    /** The callers waiting in one lane and the lock its leader holds while committing. */
    private static final class Lane {
        private final ReentrantLock leader = new ReentrantLock();
        private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();

        boolean busy() {
            return leader.isLocked() || !waiting.isEmpty();
        }
    }

    /** One caller's request, the thread waiting for it, and, once committed or failed, the outcome. */
    private static final class Pending {
        private final Ready ready;
        private final Thread owner;
        private volatile MessageStore.@Nullable Saved saved;
        private volatile @Nullable RuntimeException failure;

        Pending(Ready ready, Thread owner) {
            this.ready = ready;
            this.owner = owner;
        }

        Ready ready() {
            return ready;
        }

        Thread owner() {
            return owner;
        }

        boolean isDone() {
            return saved != null || failure != null;
        }

        void succeed(MessageStore.Saved result) {
            saved = result;
            LockSupport.unpark(owner);
        }

        void fail(RuntimeException cause) {
            failure = cause;
            LockSupport.unpark(owner);
        }

        MessageStore.Saved outcome() {
            RuntimeException cause = failure;
            if (cause != null) {
                throw new CommitFailedException("the message could not be stored", cause);
            }
            return Objects.requireNonNull(saved);
        }
    }

    /** A message could not be committed; the sender is told to send it again. */
    static final class CommitFailedException extends RuntimeException {
        CommitFailedException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
