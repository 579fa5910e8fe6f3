package health.isthmus.report.order;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.hl7.Hl7Topics;
import health.isthmus.events.hl7.OrderEvent;
import health.isthmus.events.worklist.ProcedureCancelled;
import health.isthmus.events.worklist.ProcedureChanged;
import health.isthmus.events.worklist.ProcedureCompleted;
import health.isthmus.events.worklist.ProcedureDiscontinued;
import health.isthmus.events.worklist.ProcedureScheduled;
import health.isthmus.events.worklist.ProcedureStarted;
import health.isthmus.events.worklist.WorklistTopics;
import health.isthmus.platform.inbox.EventInbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes the HIS's orders (hl7-ingest) and the worklist's steps, in order per order, each event once. */
@Component
public class OrderEventsListener {

    private final EventInbox inbox;
    private final OrderBook orders;

    public OrderEventsListener(EventInbox inbox, OrderBook orders) {
        this.inbox = inbox;
        this.orders = orders;
    }

    @KafkaListener(topics = Hl7Topics.ORDER)
    void onOrderEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, OrderEvent.class, orders::apply);
    }

    @KafkaListener(topics = WorklistTopics.PROCEDURE)
    void onProcedureEvent(ConsumerRecord<String, byte[]> record) {
        inbox.receive(record, IsthmusEvent.class, this::applyStep);
    }

    private void applyStep(IsthmusEvent event) {
        switch (event) {
            case ProcedureScheduled e -> orders.apply(e.step());
            case ProcedureChanged e -> orders.apply(e.step());
            case ProcedureCancelled e -> orders.apply(e.step());
            case ProcedureStarted e -> orders.apply(e.step());
            case ProcedureCompleted e -> orders.apply(e.step());
            case ProcedureDiscontinued e -> orders.apply(e.step());
            default -> {
                // other contracts on this topic, added within the major version, do not concern reports
            }
        }
    }
}
