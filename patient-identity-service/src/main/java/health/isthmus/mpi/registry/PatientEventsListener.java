package health.isthmus.mpi.registry;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.platform.inbox.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes patient events of hl7-ingest-service (registrations, updates, merges, identifier changes), each once, in order per patient. */
@Component
public class PatientEventsListener {

    private final EventInbox inbox;
    private final PatientRegistry registry;

    public PatientEventsListener(EventInbox inbox, PatientRegistry registry) {
        this.inbox = inbox;
        this.registry = registry;
    }

    @KafkaListener(topics = Hl7Topics.PATIENT)
    void onPatientEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, IsthmusEvent.class, registry::apply);
    }
}
