package health.isthmus.report.external;

import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.platform.inbox.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the ORUs of external reporting systems (in order per order), each once. */
@Component
public class ExternalReportsListener {

    private final EventInbox inbox;
    private final ExternalReports reports;

    public ExternalReportsListener(EventInbox inbox, ExternalReports reports) {
        this.inbox = inbox;
        this.reports = reports;
    }

    @KafkaListener(topics = Hl7Topics.REPORT)
    void onReport(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, ExternalReportReceived.class, reports::apply);
    }
}
