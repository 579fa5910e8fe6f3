package health.isthmus.audit.ingest;

import health.isthmus.audit.chain.AuditChain;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.platform.inbox.EventInbox;
import health.isthmus.platform.kafka.CloudEventHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores every audit record of every service once: the inbox records the event id in the transaction that appends
 * the record to the chain, so a redelivered record adds no row and a crash before the commit loses none.
 */
@Component
public class AuditRecordsListener {

    private final EventInbox inbox;
    private final AuditChain chain;

    public AuditRecordsListener(EventInbox inbox, AuditChain chain) {
        this.inbox = inbox;
        this.chain = chain;
    }

    @KafkaListener(topics = AuditTopics.RECORD)
    void onAuditRecord(ConsumerRecord<String, byte[]> record) {
        // present: the inbox refuses a record without an event id before it calls the handler
        String eventId =
                CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID).orElse("");
        inbox.receive(record, AuditEventRecorded.class, audit -> chain.append(eventId, audit));
    }
}
