package health.isthmus.events.hl7;

import health.isthmus.events.EventContract;
import health.isthmus.events.common.PatientDemographics;

/** ORM^O01, OMI^O23 or OMG^O19 with order control SC (status changed), HD (hold) or RL (release): the order's status changed. */
@EventContract(type = "hl7.OrderStatusChanged", version = 1, topic = Hl7Topics.ORDER)
public record OrderStatusChanged(Hl7Origin origin, PatientDemographics patient, OrderDetails order)
        implements OrderEvent {}
