package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ORM^O01, OMI^O23 or OMG^O19 with order control NW (new order): an imaging procedure was ordered. */
@EventContract(type = "hl7.OrderPlaced", version = 1, topic = Hl7Topics.ORDER)
public record OrderPlaced(Hl7Origin origin, PatientDemographics patient, OrderDetails order) implements OrderEvent {}
