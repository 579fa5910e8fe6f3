package health.isthmus.hl7ingest.order;

import static health.isthmus.hl7ingest.translation.PidReader.text;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.common.PatientDemographics;
import health.isthmus.events.common.PersonName;
import health.isthmus.events.hl7.Hl7Origin;
import health.isthmus.events.hl7.OrderCancelled;
import health.isthmus.events.hl7.OrderChanged;
import health.isthmus.events.hl7.OrderDetails;
import health.isthmus.events.hl7.OrderPlaced;
import health.isthmus.events.hl7.OrderStatusChanged;
import health.isthmus.hl7.ack.Hl7Problem;
import health.isthmus.hl7.message.RawHeader;
import health.isthmus.hl7ingest.translation.MessageTranslator;
import health.isthmus.hl7ingest.translation.PidReader;
import health.isthmus.hl7ingest.translation.Translation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Reads imaging orders (ORM^O01, OMI^O23, OMG^O19) into order events by order control (ORC-1). IHE
 * Scheduled Workflow fields come from IPC when the sender uses OMI, otherwise from their customary OBR
 * places (OBR-18 accession, OBR-19 requested procedure, OBR-20 step, OBR-24 modality) and ZDS-1 for the
 * Study Instance UID. The first order group of a message is read.
 */
@Component
public class OrderTranslator implements MessageTranslator {

    private static final Set<String> ORDER_MESSAGES = Set.of("ORM^O01", "OMI^O23", "OMG^O19");

    private static final Map<String, OrderEventFactory> ORDER_CONTROLS = Map.of(
            "NW", OrderPlaced::new,
            "XO", OrderChanged::new,
            "CA", OrderCancelled::new,
            "DC", OrderCancelled::new,
            "SC", OrderStatusChanged::new,
            "HD", OrderStatusChanged::new,
            "RL", OrderStatusChanged::new);

    @Override
    public boolean handles(String messageType, String trigger) {
        return ORDER_MESSAGES.contains(messageType + "^" + trigger);
    }

    @Override
    public Translation translate(Message message, RawHeader header, String trigger) throws HL7Exception {
        Terser terser = new Terser(message);
        PidReader.Result patient = PidReader.read(PidReader.pidOf(message));
        if (patient.problem() != null) {
            return new Translation.Invalid(patient.problem());
        }
        String orderControl = text(terser.get("/.ORC-1"));
        OrderEventFactory factory = orderControl == null ? null : ORDER_CONTROLS.get(orderControl);
        if (factory == null) {
            return new Translation.Invalid(new Hl7Problem(
                    ErrorCode.TABLE_VALUE_NOT_FOUND,
                    "ORC-1 order control " + orderControl + " is not one of NW, XO, CA, DC, SC, HD, RL",
                    "ORC",
                    1));
        }
        String placer = first(terser, "/.ORC-2-1", "/.OBR-2-1");
        if (placer == null) {
            return new Translation.Invalid(
                    Hl7Problem.requiredFieldMissing("ORC", 2, "ORC-2 (placer order number) is empty"));
        }
        boolean ipc = segmentPresent(terser, "IPC");
        ObrLayout obr = ObrLayout.of(terser);
        OrderDetails order = new OrderDetails(
                orderControl,
                text(terser.get("/.ORC-5")),
                placer,
                first(terser, "/.ORC-3-1", "/.OBR-3-1"),
                ipc ? first(terser, "/.IPC-1-1", obr.path(18)) : text(terser.get(obr.path(18))),
                ipc ? first(terser, "/.IPC-2-1", obr.path(19)) : text(terser.get(obr.path(19))),
                ipc ? first(terser, "/.IPC-4", obr.path(20)) : text(terser.get(obr.path(20))),
                ipc ? first(terser, "/.IPC-5-1", obr.path(24)) : text(terser.get(obr.path(24))),
                ipc ? text(terser.get("/.IPC-9")) : null,
                ipc ? text(terser.get("/.IPC-7-1")) : null,
                scheduledStart(terser, obr),
                priority(terser, obr),
                procedureCodes(terser),
                provider(terser, obr),
                first(terser, "/.ORC-12-1", obr.path(16) + "-1"),
                coded(terser, obr.path(31)),
                studyInstanceUid(terser, ipc));
        PatientDemographics demographics = patient.demographics();
        return Translation.of(
                header,
                trigger,
                demographics.primaryIdentifier().qualified(),
                origin -> factory.create(origin, demographics, order));
    }

    private static @Nullable String scheduledStart(Terser terser, ObrLayout obr) throws HL7Exception {
        if (segmentPresent(terser, "TQ1")) {
            String start = text(terser.get("/.TQ1-7-1"));
            if (start != null) {
                return start;
            }
        }
        return first(terser, "/.ORC-7-4-1", obr.path(27) + "-4-1");
    }

    private static @Nullable String priority(Terser terser, ObrLayout obr) throws HL7Exception {
        if (segmentPresent(terser, "TQ1")) {
            String priority = text(terser.get("/.TQ1-9-1"));
            if (priority != null) {
                return priority;
            }
        }
        return first(terser, "/.ORC-7-6", obr.path(27) + "-6");
    }

    private static List<CodedValue> procedureCodes(Terser terser) throws HL7Exception {
        List<CodedValue> codes = new ArrayList<>();
        CodedValue code = coded(terser, "/.OBR-4");
        if (code != null) {
            codes.add(code);
        }
        return codes;
    }

    private static @Nullable PersonName provider(Terser terser, ObrLayout obr) throws HL7Exception {
        String field = text(terser.get("/.ORC-12-2-1")) != null ? "/.ORC-12" : obr.path(16);
        String family = text(terser.get(field + "-2-1"));
        List<String> given = new ArrayList<>();
        addIfPresent(given, terser.get(field + "-3"));
        addIfPresent(given, terser.get(field + "-4"));
        if (family == null && given.isEmpty()) {
            return null;
        }
        return new PersonName(family, given, text(terser.get(field + "-6")), text(terser.get(field + "-5")));
    }

    private static @Nullable String studyInstanceUid(Terser terser, boolean ipc) throws HL7Exception {
        String fromIpc = ipc ? text(terser.get("/.IPC-3")) : null;
        if (fromIpc != null) {
            return fromIpc;
        }
        return segmentPresent(terser, "ZDS") ? text(terser.get("/.ZDS-1-1")) : null;
    }

    private static @Nullable CodedValue coded(Terser terser, String field) throws HL7Exception {
        String code = text(terser.get(field + "-1"));
        if (code == null) {
            return null;
        }
        return new CodedValue(code, text(terser.get(field + "-2")), text(terser.get(field + "-3")));
    }

    private static @Nullable String first(Terser terser, String... paths) throws HL7Exception {
        for (String path : paths) {
            String value = text(terser.get(path));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static boolean segmentPresent(Terser terser, String name) {
        try {
            return !terser.getSegment("/." + name).isEmpty();
        } catch (HL7Exception e) {
            return false;
        }
    }

    private static void addIfPresent(List<String> values, @Nullable String value) {
        String present = text(value);
        if (present != null) {
            values.add(present);
        }
    }

    /**
     * Where OBR's fields from OBR-16 on stand. Some senders omit one field before the ordering provider,
     * so that every later field stands one place early. That is recognised when OBR-16 is empty and
     * OBR-15 (specimen source, unused in imaging orders) holds a provider, or when OBR-24 (diagnostic
     * service section) is empty and OBR-23 (charge to practice) holds a modality code.
     */
    private record ObrLayout(int shift) {

        private static final java.util.regex.Pattern MODALITY = java.util.regex.Pattern.compile("[A-Z]{2,3}");

        static ObrLayout of(Terser terser) throws HL7Exception {
            boolean providerInFifteen = text(terser.get("/.OBR-15-2")) != null;
            boolean sixteenEmpty = text(terser.get("/.OBR-16-1")) == null && text(terser.get("/.OBR-16-2-1")) == null;
            boolean modalityInTwentyThree = text(terser.get("/.OBR-24")) == null
                    && MODALITY.matcher(String.valueOf(text(terser.get("/.OBR-23-1"))))
                            .matches();
            return new ObrLayout((providerInFifteen && sixteenEmpty) || modalityInTwentyThree ? -1 : 0);
        }

        String path(int field) {
            return "/.OBR-" + (field >= 16 ? field + shift : field);
        }
    }

    @FunctionalInterface
    private interface OrderEventFactory {
        IsthmusEvent create(Hl7Origin origin, PatientDemographics patient, OrderDetails order);
    }
}
