package health.isthmus.dicomweb.reconciliation;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.mpi.EnterprisePatientEvent;
import health.isthmus.events.mpi.MpiTopics;
import health.isthmus.events.worklist.WorklistTopics;
import health.isthmus.platform.inbox.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the worklist's procedure steps (in order per order, keyed by site and accession number) and the MPI's
 * identity changes (in order per EUID), each event once.
 */
@Component
public class ReconciliationEventsListener {

    private final EventInbox inbox;
    private final OrderFollowing orders;
    private final IdentityFollowing identities;

    public ReconciliationEventsListener(EventInbox inbox, OrderFollowing orders, IdentityFollowing identities) {
        this.inbox = inbox;
        this.orders = orders;
        this.identities = identities;
    }

    @KafkaListener(topics = WorklistTopics.PROCEDURE)
    void onProcedureEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, IsthmusEvent.class, orders::apply);
    }

    @KafkaListener(topics = MpiTopics.PATIENT)
    void onIdentityEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, EnterprisePatientEvent.class, identities::apply);
    }
}
