package health.isthmus.events;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.hl7.PatientRegistered;
import org.junit.jupiter.api.Test;

class PartitionKeyTest {

    @Test
    void patientEventsAreKeyedByTheQualifiedPrimaryIdentifier() {
        IsthmusEvent event = GoldenSamples.expected(PatientRegistered.class);

        assertThat(event.partitionKey()).isEqualTo("GENHOSP|MRN100001");
    }
}
