package health.isthmus.mpi;

import static health.isthmus.mpi.MpiClient.euidOf;
import static health.isthmus.mpi.MpiClient.mrn;
import static health.isthmus.mpi.MpiClient.origin;
import static health.isthmus.mpi.MpiClient.patient;
import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.audit.AuditTopics;
import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.hl7.PatientRegistered;
import health.isthmus.events.hl7.PatientUpdated;
import health.isthmus.events.hl7.PatientsMerged;
import health.isthmus.testsupport.kafka.TopicReader;
import health.isthmus.testsupport.kafka.WithKafka;
import health.isthmus.testsupport.postgres.WithPostgres;
import health.isthmus.testsupport.security.WithTestIssuer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The other retired-identifier policy: an update naming a retired identifier changes nothing and is audited. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "isthmus.mpi.retired-identifier-policy=reject")
@WithPostgres
@WithKafka
@WithTestIssuer
@DirtiesContext
class RetiredIdentifierRejectIT {

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Test
    void anUpdateNamingARetiredIdentifierChangesNothingAndIsAuditedAsRefused() throws Exception {
        LocalDate born = LocalDate.of(1975, 6, 30);
        PatientIdentifier kept = mrn("GENHOSP", "MRN-R1");
        PatientIdentifier retired = mrn("GENHOSP", "MRN-R9");
        try (MpiClient mpi = new MpiClient(port, json);
                TopicReader audit = new TopicReader(AuditTopics.RECORD)) {
            mpi.send(new PatientRegistered(
                    origin("GENHOSP", "A04"), patient(kept, "LINDQVIST", "ELSA", born, "F", null, null)));
            mpi.send(new PatientRegistered(
                    origin("GENHOSP", "A04"), patient(retired, "LINDQVIST", "ELSA", born, "F", null, null)));
            mpi.awaitPatient(retired.qualified());
            mpi.send(new PatientsMerged(
                    origin("GENHOSP", "A40"),
                    patient(kept, "LINDQVIST", "ELSA", born, "F", null, null),
                    List.of(retired)));
            assertThat(mpi.awaitPatients(retired.qualified(), List::isEmpty)).isEmpty();
            JsonNode before = mpi.awaitPatient(kept.qualified());

            var update = origin("GENHOSP", "A08");
            mpi.send(new PatientUpdated(update, patient(retired, "BERG", "ELSA", born, "F", null, null)));

            List<ConsumerRecord<String, byte[]>> refused = audit.await(
                    record -> json.readTree(record.value())
                            .get("objects")
                            .findValuesAsString("id")
                            .contains(update.controlId()),
                    1,
                    Duration.ofSeconds(30));
            assertThat(refused).isNotEmpty();
            JsonNode record = json.readTree(refused.getFirst().value());
            assertThat(record.get("outcome").asString()).isEqualTo("SERIOUS_FAILURE");
            assertThat(record.get("eventTypes").get(0).get("text").asString())
                    .isEqualTo("update of a retired identifier refused");
            assertThat(record.get("objects").findValuesAsString("id")).contains(retired.qualified());
            JsonNode after = mpi.awaitPatient(kept.qualified());
            assertThat(after.get("name").get(0).get("family").asString()).isEqualTo("LINDQVIST");
            assertThat(after.get("meta").get("versionId").asString())
                    .isEqualTo(before.get("meta").get("versionId").asString());
            assertThat(euidOf(after)).isEqualTo(euidOf(before));
            assertThat(mpi.awaitPatients(retired.qualified(), List::isEmpty)).isEmpty();
        }
    }
}
