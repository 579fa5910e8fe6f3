package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ORM^O01, OMI^O23 or OMG^O19 with order control XO (change order): the order's details changed. */
@EventContract(type = "hl7.OrderChanged", version = 1, topic = Hl7Topics.ORDER)
public record OrderChanged(Hl7Origin origin, PatientDemographics patient, OrderDetails order) implements OrderEvent {}
