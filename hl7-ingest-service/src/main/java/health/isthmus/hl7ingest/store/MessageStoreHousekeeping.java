package health.isthmus.hl7ingest.store;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the store in shape: seals messages that earlier versions kept in plain text, and purges messages
 * older than the retention setting, a bounded batch per transaction so that intake is never blocked long.
 */
@Component
public class MessageStoreHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(MessageStoreHousekeeping.class);

    private final MessageStore store;
    private final StoreProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public MessageStoreHousekeeping(
            MessageStore store, StoreProperties properties, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Runs shortly after start-up and then at the configured interval. */
    @Scheduled(
            initialDelayString = "${isthmus.hl7-ingest.store.housekeeping-initial-delay:PT5S}",
            fixedDelayString = "${isthmus.hl7-ingest.store.housekeeping-interval:PT1H}")
    public void run() {
        int sealed = repeat(() -> store.sealPlainMessages(properties.retentionBatchSize()));
        if (sealed > 0) {
            log.info("encrypted {} messages stored in plain text by an earlier version", sealed);
        }
        if (properties.purges()) {
            var cutoff = clock.instant().minus(properties.retention());
            int purged = repeat(() -> store.purgeReceivedBefore(cutoff, properties.retentionBatchSize()));
            if (purged > 0) {
                log.info(
                        "purged {} messages received before {} (retention {})", purged, cutoff, properties.retention());
            }
        }
    }

    private int repeat(java.util.function.IntSupplier batch) {
        int total = 0;
        int done;
        do {
            Integer count = transactions.execute(status -> batch.getAsInt());
            done = count == null ? 0 : count;
            total += done;
        } while (done == properties.retentionBatchSize());
        return total;
    }
}
