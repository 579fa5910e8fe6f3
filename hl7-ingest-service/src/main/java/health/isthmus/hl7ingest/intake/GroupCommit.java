package health.isthmus.hl7ingest.intake;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.hl7ingest.appack.ApplicationAckOutbox;
import health.isthmus.hl7ingest.appack.PendingApplicationAck;
import health.isthmus.hl7ingest.store.MessageStore;
import health.isthmus.hl7ingest.store.ReceivedMessage;
import health.isthmus.platform.outbox.EventPublisher;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Commits the messages of every connection in groups: whatever arrived while the previous transaction was
 * committing goes into the next one, so that one PostgreSQL commit (one WAL flush) makes a whole group
 * durable. Each caller waits until its own message is committed, so acknowledgments still follow commits.
 * A group that fails is retried one message at a time, so one bad message cannot fail its neighbours.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final MessageStore.Saved NOTHING_STORED = new MessageStore.Saved(null, "");

    private final MessageStore store;
    private final EventPublisher events;
    private final ApplicationAckOutbox applicationAcks;
    private final List<CommitParticipant> participants;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxGroupSize;
    private final Duration commitTimeout;
    private final BlockingQueue<Pending> queue;
    private final DistributionSummary groupSizes;
    private volatile boolean running;
    private @Nullable Thread committer;

    GroupCommit(
            MessageStore store,
            EventPublisher events,
            ApplicationAckOutbox applicationAcks,
            List<CommitParticipant> participants,
            TransactionTemplate transactions,
            Clock clock,
            MeterRegistry meters,
            @Value("${isthmus.hl7-ingest.commit.max-group-size:256}") int maxGroupSize,
            @Value("${isthmus.hl7-ingest.commit.timeout:PT30S}") Duration commitTimeout) {
        this.store = store;
        this.events = events;
        this.applicationAcks = applicationAcks;
        this.participants = List.copyOf(participants);
        this.transactions = transactions;
        this.clock = clock;
        this.maxGroupSize = maxGroupSize;
        this.commitTimeout = commitTimeout;
        this.queue = new ArrayBlockingQueue<>(maxGroupSize * 16);
        this.groupSizes = DistributionSummary.builder("isthmus.hl7ingest.commit.group.size")
                .description("messages committed together in one transaction")
                .register(meters);
    }

    /**
     * Commits one message's request with whatever else is waiting, and returns once it is durable.
     *
     * @return what the store made of the message (a resend is not stored again)
     * @throws CommitFailedException when it could not be committed; nothing of it is kept
     */
    MessageStore.Saved commit(CommitRequest request) {
        Pending pending = new Pending(request, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(pending, commitTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new CommitFailedException("the message store is not accepting messages", null);
            }
            return pending.result().get(commitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitFailedException("interrupted while committing", e);
        } catch (ExecutionException e) {
            throw new CommitFailedException("the message could not be stored", e.getCause());
        } catch (TimeoutException e) {
            // it may still commit later; the sender's resend then finds it and gets its code
            throw new CommitFailedException("the message store did not answer in " + commitTimeout, e);
        }
    }

    private void commitUntilStopped() {
        List<Pending> group = new ArrayList<>(maxGroupSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroupSize - 1);
                commitGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                group.clear();
            }
        }
    }

    private void commitGroup(List<Pending> group) {
        List<MessageStore.Saved> results;
        try {
            results = transactions.execute(status -> apply(group));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                log.warn("message could not be committed: {}", e.toString());
                group.getFirst().result().completeExceptionally(e);
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
            group.get(i).result().complete(results.get(i));
        }
    }

    private List<MessageStore.Saved> apply(List<Pending> group) {
        List<ReceivedMessage> messages = new ArrayList<>(group.size());
        for (Pending pending : group) {
            if (pending.request().message() != null) {
                messages.add(pending.request().message());
            }
        }
        List<MessageStore.Saved> saved = store.saveAll(messages);
        List<MessageStore.Saved> results = new ArrayList<>(group.size());
        List<IsthmusEvent> toPublish = new ArrayList<>(group.size() * 2);
        List<PendingApplicationAck> acks = new ArrayList<>();
        int next = 0;
        for (Pending pending : group) {
            MessageStore.Saved result = pending.request().message() == null ? NOTHING_STORED : saved.get(next++);
            results.add(result);
            if (result.isNew() || pending.request().message() == null) {
                toPublish.addAll(pending.request().eventsFor().apply(result.isNew() ? result.id() : 0L));
                if (pending.request().applicationAck() != null) {
                    acks.add(pending.request().applicationAck());
                }
            }
        }
        events.publishAll(toPublish);
        participants.forEach(participant -> participant.committing(toPublish));
        applicationAcks.saveAll(acks, clock.instant());
        return results;
    }

    @Override
    public synchronized void start() {
        running = true;
        committer = Thread.ofPlatform().name("hl7-group-commit").daemon().start(this::commitUntilStopped);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread thread = committer;
        if (thread != null) {
            try {
                thread.join(commitTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        committer = null;
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

    private record Pending(CommitRequest request, CompletableFuture<MessageStore.Saved> result) {}

    /** A message could not be committed; the sender is told to send it again. */
    static final class CommitFailedException extends RuntimeException {
        CommitFailedException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }
}
