package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ORM^O01, OMI^O23 or OMG^O19 with order control CA (cancel) or DC (discontinue): the order will not be performed. */
@EventContract(type = "hl7.OrderCancelled", version = 1, topic = Hl7Topics.ORDER)
public record OrderCancelled(Hl7Origin origin, PatientDemographics patient, OrderDetails order) implements OrderEvent {}
