package health.isthmus.audit.syslog;

import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.common.CodedValue;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;

/**
 * Writes a record as a DICOM PS3.15 A.5.1 audit message: EventIdentification (EventID and type codes), one
 * ActiveParticipant per participant, AuditSourceIdentification and one ParticipantObjectIdentification per object
 * (patients as persons in the patient role, studies with their Study Instance UID, queries with the query text).
 */
public final class AuditMessageXml {

    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private AuditMessageXml() {}

    /** The audit message of one record. */
    public static String of(AuditEventRecorded record) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("AuditMessage");
            eventIdentification(xml, record);
            for (AuditParticipant participant : record.participants()) {
                activeParticipant(xml, participant);
            }
            xml.writeStartElement("AuditSourceIdentification");
            if (record.source().site() != null) {
                xml.writeAttribute("AuditEnterpriseSiteID", record.source().site());
            }
            xml.writeAttribute("AuditSourceID", record.source().sourceId());
            // 4: application server process tier in a multi-tier system
            coded(xml, "AuditSourceTypeCode", "4", "DCM", "Application Server");
            xml.writeEndElement();
            for (AuditObject object : record.objects()) {
                participantObject(xml, object);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an audit message", e);
        }
        return text.toString();
    }

    private static void eventIdentification(XMLStreamWriter xml, AuditEventRecorded record) throws XMLStreamException {
        xml.writeStartElement("EventIdentification");
        xml.writeAttribute("EventActionCode", record.action().name());
        xml.writeAttribute(
                "EventDateTime",
                record.occurredAt().truncatedTo(ChronoUnit.MICROS).toString());
        xml.writeAttribute(
                "EventOutcomeIndicator", Integer.toString(record.outcome().indicator()));
        coded(xml, "EventID", record.event());
        for (CodedValue type : record.eventTypes()) {
            coded(xml, "EventTypeCode", type);
        }
        if (record.outcomeDescription() != null) {
            xml.writeStartElement("EventOutcomeDescription");
            xml.writeCharacters(record.outcomeDescription());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void activeParticipant(XMLStreamWriter xml, AuditParticipant participant) throws XMLStreamException {
        xml.writeStartElement("ActiveParticipant");
        xml.writeAttribute("UserID", participant.userId());
        if (participant.userName() != null) {
            xml.writeAttribute("UserName", participant.userName());
        }
        xml.writeAttribute("UserIsRequestor", Boolean.toString(participant.requestor()));
        String address = participant.networkAccessPoint();
        if (address != null) {
            xml.writeAttribute("NetworkAccessPointID", address);
            // 2: an IP address, 1: a machine name
            xml.writeAttribute(
                    "NetworkAccessPointTypeCode", IP_ADDRESS.matcher(address).matches() ? "2" : "1");
        }
        for (String role : participant.roles()) {
            switch (role) {
                case "Source" -> coded(xml, "RoleIDCode", "110153", "DCM", "Source Role ID");
                case "Destination" -> coded(xml, "RoleIDCode", "110152", "DCM", "Destination Role ID");
                default -> coded(xml, "RoleIDCode", role, "urn:isthmus:role", role);
            }
        }
        xml.writeEndElement();
    }

    private static void participantObject(XMLStreamWriter xml, AuditObject object) throws XMLStreamException {
        xml.writeStartElement("ParticipantObjectIdentification");
        xml.writeAttribute("ParticipantObjectID", object.id());
        // type 1 person, 2 system object; roles 1 patient, 3 report, 4 resource, 20 job, 24 query
        boolean patient = object.type() == AuditObject.Type.PATIENT;
        xml.writeAttribute("ParticipantObjectTypeCode", patient ? "1" : "2");
        xml.writeAttribute(
                "ParticipantObjectTypeCodeRole",
                switch (object.type()) {
                    case PATIENT -> "1";
                    case STUDY, REPORT -> "3";
                    case ORDER -> "20";
                    case QUERY -> "24";
                    case MESSAGE -> "4";
                });
        switch (object.type()) {
            case PATIENT -> coded(xml, "ParticipantObjectIDTypeCode", "2", "RFC-3881", "Patient Number");
            case STUDY -> coded(xml, "ParticipantObjectIDTypeCode", "110180", "DCM", "Study Instance UID");
            default ->
                coded(
                        xml,
                        "ParticipantObjectIDTypeCode",
                        object.idType(),
                        "urn:isthmus:audit-id-type",
                        object.idType());
        }
        if (object.type() == AuditObject.Type.QUERY) {
            xml.writeStartElement("ParticipantObjectQuery");
            xml.writeCharacters(base64(object.id()));
            xml.writeEndElement();
        }
        if (object.detail() != null) {
            xml.writeStartElement("ParticipantObjectDetail");
            xml.writeAttribute("type", "detail");
            xml.writeAttribute("value", base64(object.detail()));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void coded(XMLStreamWriter xml, String element, CodedValue value) throws XMLStreamException {
        coded(xml, element, value.code(), value.codingSystem(), value.text());
    }

    private static void coded(
            XMLStreamWriter xml,
            String element,
            String code,
            @Nullable String codeSystemName,
            @Nullable String originalText)
            throws XMLStreamException {
        xml.writeEmptyElement(element);
        xml.writeAttribute("csd-code", code);
        if (codeSystemName != null) {
            xml.writeAttribute("codeSystemName", codeSystemName);
        }
        if (originalText != null) {
            xml.writeAttribute("originalText", originalText);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
