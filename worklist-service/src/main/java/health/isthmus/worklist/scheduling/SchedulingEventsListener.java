package health.isthmus.worklist.scheduling;

import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.events.hl7.OrderEvent;
import health.isthmus.events.mpi.EnterprisePatientEvent;
import health.isthmus.events.mpi.MpiTopics;
import health.isthmus.platform.inbox.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the orders of hl7-ingest-service (in order per order, keyed by site and accession number) and the
 * identity changes of the MPI (in order per EUID), each event once.
 */
@Component
public class SchedulingEventsListener {

    private final EventInbox inbox;
    private final OrderScheduling orders;
    private final IdentityFollowing identities;

    public SchedulingEventsListener(EventInbox inbox, OrderScheduling orders, IdentityFollowing identities) {
        this.inbox = inbox;
        this.orders = orders;
        this.identities = identities;
    }

    @KafkaListener(topics = Hl7Topics.ORDER)
    void onOrderEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, OrderEvent.class, orders::apply);
    }

    @KafkaListener(topics = MpiTopics.PATIENT)
    void onIdentityEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, EnterprisePatientEvent.class, identities::apply);
    }
}
