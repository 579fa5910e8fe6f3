package health.isthmus.audit.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import health.isthmus.audit.chain.StoredRecord;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.common.CodedValue;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/** A stored record as a FHIR R4 AuditEvent; its id is the record's sequence number in the chain. */
final class AuditEventMapper {

    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String USER_SYSTEM = "urn:isthmus:audit-user";

    private AuditEventMapper() {}

    static AuditEvent toFhir(StoredRecord stored) {
        AuditEventRecorded record = stored.record();
        AuditEvent event = new AuditEvent();
        event.setId(Long.toString(stored.sequence()));
        event.getMeta().setLastUpdated(Date.from(stored.recordedAt()));
        event.setType(coding(record.event()));
        record.eventTypes().forEach(type -> event.addSubtype(coding(type)));
        event.setAction(AuditEvent.AuditEventAction.fromCode(record.action().name()));
        event.setRecordedElement(new InstantType(
                Date.from(record.occurredAt()), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone(ZoneOffset.UTC)));
        event.setOutcome(AuditEvent.AuditEventOutcome.fromCode(
                Integer.toString(record.outcome().indicator())));
        if (record.outcomeDescription() != null) {
            event.setOutcomeDesc(record.outcomeDescription());
        }
        for (AuditParticipant participant : record.participants()) {
            AuditEvent.AuditEventAgentComponent agent = event.addAgent();
            agent.setWho(new Reference()
                    .setIdentifier(new Identifier().setSystem(USER_SYSTEM).setValue(participant.userId())));
            if (participant.userName() != null) {
                agent.setName(participant.userName());
            }
            agent.setRequestor(participant.requestor());
            participant.roles().forEach(role -> agent.addRole().setText(role));
            if (participant.networkAccessPoint() != null) {
                agent.getNetwork()
                        .setAddress(participant.networkAccessPoint())
                        .setType(AuditEvent.AuditEventAgentNetworkType._2);
            }
        }
        AuditEvent.AuditEventSourceComponent source = event.getSource();
        source.setObserver(new Reference().setDisplay(record.source().sourceId()));
        if (record.source().site() != null) {
            source.setSite(record.source().site());
        }
        source.addType(new Coding(SOURCE_TYPE, "4", "Application Server"));
        for (AuditObject object : record.objects()) {
            AuditEvent.AuditEventEntityComponent entity = event.addEntity();
            entity.setWhat(new Reference()
                    .setIdentifier(new Identifier()
                            .setSystem("urn:isthmus:" + object.idType())
                            .setValue(object.id())));
            boolean patient = object.type() == AuditObject.Type.PATIENT;
            entity.setType(new Coding(ENTITY_TYPE, patient ? "1" : "2", patient ? "Person" : "System Object"));
            entity.setRole(
                    switch (object.type()) {
                        case PATIENT -> new Coding(OBJECT_ROLE, "1", "Patient");
                        case STUDY, REPORT -> new Coding(OBJECT_ROLE, "3", "Report");
                        case ORDER -> new Coding(OBJECT_ROLE, "20", "Job");
                        case QUERY -> new Coding(OBJECT_ROLE, "24", "Query");
                        case MESSAGE -> new Coding(OBJECT_ROLE, "4", "Domain Resource");
                    });
            entity.setName(object.type().name());
            if (object.type() == AuditObject.Type.QUERY) {
                entity.setQuery(object.id().getBytes(StandardCharsets.UTF_8));
            }
            if (object.detail() != null) {
                entity.addDetail().setType("detail").setValue(new StringType(object.detail()));
            }
        }
        return event;
    }

    private static Coding coding(CodedValue value) {
        String system = "DCM".equals(value.codingSystem()) ? DCM : value.codingSystem();
        return new Coding(system, value.code(), value.text());
    }
}
