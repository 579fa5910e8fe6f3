package health.isthmus.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.audit.AuditAction;
import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditObject;
import health.isthmus.events.audit.AuditOutcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

class HttpAccessAuditTest {

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        MDC.clear();
    }

    @Test
    void namesTheTokensUserWithRolesAddressRequestAndCorrelationId() {
        SecurityContextHolder.getContext()
                .setAuthentication(new TestingAuthenticationToken("dev-clinician", null, "ROLE_clinician"));
        MDC.put("correlationId", "c-42");
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
        request.setRemoteAddr("10.1.2.3");
        AuditObject patient = new AuditObject(AuditObject.Type.PATIENT, "GENHOSP|MRN1", "MR", null);

        AuditEventRecorded record = HttpAccessAudit.record(
                "patient-identity-service",
                AuditCodes.QUERY,
                "search Patient",
                AuditAction.E,
                AuditOutcome.SUCCESS,
                null,
                List.of(patient),
                request,
                Instant.parse("2026-12-03T10:00:00Z"));

        assertThat(record.participants().getFirst().userId()).isEqualTo("dev-clinician");
        assertThat(record.participants().getFirst().roles()).containsExactly("ROLE_clinician");
        assertThat(record.participants().getFirst().networkAccessPoint()).isEqualTo("10.1.2.3");
        assertThat(record.participants().get(1).userId()).isEqualTo("patient-identity-service");
        assertThat(record.eventTypes().getFirst().code()).isEqualTo("GET /fhir/Patient");
        assertThat(record.correlationId()).isEqualTo("c-42");
        assertThat(record.objects()).containsExactly(patient);
        assertThat(record.partitionKey()).isEqualTo("GENHOSP|MRN1");
    }

    @Test
    void anUnauthenticatedRequestIsRecordedAsAnonymous() {
        AuditEventRecorded record = HttpAccessAudit.record(
                "hl7-ingest-service",
                AuditCodes.PATIENT_RECORD,
                "view HL7 message",
                AuditAction.R,
                AuditOutcome.SERIOUS_FAILURE,
                "refused",
                List.of(),
                new MockHttpServletRequest("GET", "/api/hl7/messages/1"),
                Instant.EPOCH);

        assertThat(record.participants().getFirst().userId()).isEqualTo("anonymous");
        assertThat(record.outcome()).isEqualTo(AuditOutcome.SERIOUS_FAILURE);
        assertThat(record.source().sourceId()).isEqualTo("hl7-ingest-service");
    }
}
