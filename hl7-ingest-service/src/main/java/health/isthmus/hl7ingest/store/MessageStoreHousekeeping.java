package health.isthmus.hl7ingest.store;

import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.sender.SenderDirectory;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the store in shape: seals messages that earlier versions kept in plain text, records the site of messages that
 * earlier versions stored without one (from the configured senders), and purges messages
 * older than the retention setting, a bounded batch per transaction so that intake is never blocked long.
 */
@Component
public class MessageStoreHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(MessageStoreHousekeeping.class);

    private final MessageStore store;
    private final SenderDirectory senders;
    private final StoreProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public MessageStoreHousekeeping(
            MessageStore store,
            SenderDirectory senders,
            StoreProperties properties,
            TransactionTemplate transactions,
            Clock clock) {
        this.store = store;
        this.senders = senders;
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
        int located = locateMessagesWithoutSite();
        if (located > 0) {
            log.info("recorded the site of {} messages stored without one by an earlier version", located);
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

    /** A sender the directory no longer accepts leaves its messages without a site: global readers see them. */
    private int locateMessagesWithoutSite() {
        int total = 0;
        for (MessageStore.Sender sender : store.sendersWithoutSite(properties.retentionBatchSize())) {
            RawHeader header = new RawHeader(sender.sendingApplication(), sender.sendingFacility(), "", "", "", "", "");
            Optional<String> site = senders.identify(header).map(SenderDirectory.Sender::site);
            if (site.isPresent()) {
                Integer changed = transactions.execute(status -> store.assignSite(sender, site.get()));
                total += changed == null ? 0 : changed;
            }
        }
        return total;
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
