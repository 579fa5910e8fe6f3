package health.isthmus.worklist.arrival;

import health.isthmus.events.archive.ArchiveStudyEvent;
import health.isthmus.events.archive.ArchiveTopics;
import health.isthmus.platform.inbox.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the archive's study events (in order per study), each once. */
@Component
public class ArchiveEventsListener {

    private final EventInbox inbox;
    private final StudyArrivals arrivals;

    public ArchiveEventsListener(EventInbox inbox, StudyArrivals arrivals) {
        this.inbox = inbox;
        this.arrivals = arrivals;
    }

    @KafkaListener(topics = ArchiveTopics.STUDY)
    void onStudyEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, ArchiveStudyEvent.class, arrivals::apply);
    }
}
