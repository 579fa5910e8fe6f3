package health.isthmus.worklist.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import health.isthmus.events.audit.AuditCodes;
import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditOutcome;
import health.isthmus.events.audit.AuditParticipant;
import health.isthmus.events.audit.AuditTopics;
import health.isthmus.testsupport.dcmtk.DcmtkTools;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * A modality calling the wrong AE title is rejected, and the rejection is one Security Alert on the audit topic
 * (through the service's outbox) naming the calling and called AE titles, the address and the reason.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.worklist.dicom.port=0")
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class RefusedAssociationAuditIT {

    @Autowired
    DicomListener listener;

    @Autowired
    JsonMapper json;

    @Test
    void echoscuCallingTheWrongAeTitleYieldsOneSecurityAlert() {
        assumeTrue(DcmtkTools.available("echoscu"), "DCMTK echoscu is not installed");

        DcmtkTools.Result echo = DcmtkTools.echo("WRONG_AE", "127.0.0.1", listener.port());

        assertThat(echo.succeeded()).isFalse();
        Predicate<ConsumerRecord<String, byte[]>> refusalOfWrongAe = record -> {
            AuditEventRecorded audit = json.readValue(record.value(), AuditEventRecorded.class);
            return audit.eventTypes().contains(AuditCodes.ASSOCIATION_REFUSED)
                    && audit.participants().stream()
                            .anyMatch(participant -> participant.userId().equals("WRONG_AE"));
        };
        try (TopicReader topic = new TopicReader(AuditTopics.RECORD)) {
            assertThat(topic.await(refusalOfWrongAe, 1, Duration.ofSeconds(30))).hasSize(1);
            List<ConsumerRecord<String, byte[]>> refusals = topic.await(refusalOfWrongAe, 2, Duration.ofSeconds(3));
            assertThat(refusals).hasSize(1);
            AuditEventRecorded alert = json.readValue(refusals.getFirst().value(), AuditEventRecorded.class);
            assertThat(alert.event()).isEqualTo(AuditCodes.SECURITY_ALERT);
            assertThat(alert.outcome()).isEqualTo(AuditOutcome.SERIOUS_FAILURE);
            assertThat(alert.outcomeDescription()).contains("called AE title 'WRONG_AE'");
            assertThat(alert.source().sourceId()).isEqualTo("worklist-service");
            AuditParticipant calling = alert.participants().getFirst();
            assertThat(calling.requestor()).isTrue();
            assertThat(calling.userId()).isEqualTo("ECHOSCU");
            assertThat(calling.networkAccessPoint()).isEqualTo("127.0.0.1");
            assertThat(alert.participants().get(1).userId()).isEqualTo("WRONG_AE");
        }
    }
}
