package health.isthmus.audit.identity;

import health.isthmus.events.mpi.EnterprisePatientEvent;
import health.isthmus.events.mpi.MpiTopics;
import health.isthmus.platform.inbox.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the MPI's identity events (in order per EUID), each once. */
@Component
public class MpiEventsListener {

    private final EventInbox inbox;
    private final PatientLinks links;

    public MpiEventsListener(EventInbox inbox, PatientLinks links) {
        this.inbox = inbox;
        this.links = links;
    }

    @KafkaListener(topics = MpiTopics.PATIENT)
    void onPatientEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, EnterprisePatientEvent.class, links::apply);
    }
}
