package health.isthmus.events.hl7;

import com.fasterxml.jackson.annotation.JsonIgnore;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.PatientDemographics;

/**
 * An order message's fact about one order, keyed by the sending facility and the accession number (or,
 * without one, the placer order number), so that one order's events stay in order.
 */
public sealed interface OrderEvent extends IsthmusEvent
        permits OrderPlaced, OrderChanged, OrderCancelled, OrderStatusChanged {

    /** The stored message this fact was read from. */
    Hl7Origin origin();

    /** The patient the order is for, as the sender describes it. */
    PatientDemographics patient();

    /** The order. */
    OrderDetails order();

    @Override
    @JsonIgnore
    default String partitionKey() {
        String accession = order().accessionNumber();
        return origin().sendingFacility() + "|" + (accession != null ? accession : order().placerOrderNumber());
    }
}
