package health.isthmus.hl7ingest.audit;

import health.isthmus.events.IsthmusEvent;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditSource;
import health.isthmus.events.common.CodedValue;
import health.isthmus.events.hl7.ExternalReportReceived;
import health.isthmus.events.hl7.OrderEvent;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.hl7.message.RawHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Describes one received HL7 message as an audit record: the sender as requestor (with its address), this
 * service as destination, the patient, the order and the message itself as objects. Text never carries
 * patient data beyond identifiers.
 */
public final class MessageAudit {

    private static final String SOURCE_ID = "hl7-ingest-service";
    private static final Set<String> CREATING_TRIGGERS = Set.of("A01", "A04", "A05", "A28", "R01");

    private MessageAudit() {}

    /** A message that was stored (and, when it reads as one, published as an event). */
    public static AuditEventRecorded stored(
            RawHeader header,
            @Nullable String site,
            String remoteAddress,
            String patientKey,
            @Nullable IsthmusEvent event,
            Instant at) {
        List<AuditObject> objects = new ArrayList<>();
        addPatient(objects, patientKey);
        if (event instanceof PatientsMerged merged) {
            merged.retired()
                    .forEach(retired -> objects.add(
                            new AuditObject(AuditObject.Type.PATIENT, retired.qualified(), "MR", "retired by merge")));
        }
        String accession = accessionOf(event);
        if (accession != null) {
            objects.add(new AuditObject(AuditObject.Type.ORDER, accession, "ACSN", null));
        }
        objects.add(messageObject(header));
        return record(header, site, remoteAddress, actionOf(header, event), AuditOutcome.SUCCESS, null, objects, at);
    }

    /** A message that was refused (AE/AR, CE/CR) and not stored. */
    public static AuditEventRecorded refused(
            RawHeader header,
            @Nullable String site,
            String remoteAddress,
            String patientKey,
            boolean unreadable,
            String reason,
            Instant at) {
        List<AuditObject> objects = new ArrayList<>();
        addPatient(objects, patientKey);
        objects.add(messageObject(header));
        return record(
                header,
                site,
                remoteAddress,
                AuditAction.E,
                unreadable ? AuditOutcome.SERIOUS_FAILURE : AuditOutcome.MINOR_FAILURE,
                reason,
                objects,
                at);
    }

    private static AuditEventRecorded record(
            RawHeader header,
            @Nullable String site,
            String remoteAddress,
            AuditAction action,
            AuditOutcome outcome,
            @Nullable String reason,
            List<AuditObject> objects,
            Instant at) {
        String type = header.messageType().isBlank() ? "unknown" : header.messageType();
        return new AuditEventRecorded(
                eventCode(type),
                List.of(new CodedValue(type, null, "HL7v2")),
                action,
                at,
                outcome,
                reason,
                List.of(
                        new AuditParticipant(
                                header.sendingApplication() + "|" + header.sendingFacility(),
                                null,
                                true,
                                hostOf(remoteAddress),
                                List.of("Source")),
                        new AuditParticipant(
                                header.receivingApplication().isBlank() ? SOURCE_ID : header.receivingApplication(),
                                null,
                                false,
                                null,
                                List.of("Destination"))),
                new AuditSource(SOURCE_ID, site),
                objects,
                MDC.get("correlationId"));
    }

    /** The address without the port: {@code /10.1.2.3:40112} becomes {@code 10.1.2.3}. */
    static String hostOf(String remoteAddress) {
        String address = remoteAddress.startsWith("/") ? remoteAddress.substring(1) : remoteAddress;
        int port = address.lastIndexOf(':');
        if (port > 0 && address.substring(port + 1).chars().allMatch(Character::isDigit)) {
            address = address.substring(0, port);
        }
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    private static CodedValue eventCode(String messageType) {
        return switch (messageType.split("\\^", -1)[0]) {
            case "ADT" -> AuditCodes.PATIENT_RECORD;
            case "ORM", "OMI", "OMG" -> AuditCodes.ORDER_RECORD;
            case "ORU" -> AuditCodes.PROCEDURE_RECORD;
            default -> AuditCodes.PATIENT_RECORD;
        };
    }

    private static AuditAction actionOf(RawHeader header, @Nullable IsthmusEvent event) {
        if (event instanceof OrderEvent order) {
            return switch (order.order().orderControl()) {
                case "NW" -> AuditAction.C;
                case "CA", "DC" -> AuditAction.D;
                default -> AuditAction.U;
            };
        }
        String[] type = header.messageType().split("\\^", -1);
        String trigger = type.length > 1 ? type[1] : "";
        return CREATING_TRIGGERS.contains(trigger) ? AuditAction.C : AuditAction.U;
    }

    private static @Nullable String accessionOf(@Nullable IsthmusEvent event) {
        return switch (event) {
            case OrderEvent order -> order.order().accessionNumber();
            case ExternalReportReceived report -> report.accessionNumber();
            case null, default -> null;
        };
    }

    private static void addPatient(List<AuditObject> objects, String patientKey) {
        if (!patientKey.isBlank()) {
            objects.add(new AuditObject(AuditObject.Type.PATIENT, patientKey, "MR", null));
        }
    }

    private static AuditObject messageObject(RawHeader header) {
        return new AuditObject(AuditObject.Type.MESSAGE, header.controlId(), "MSH-10", header.messageType());
    }
}
