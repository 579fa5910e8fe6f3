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

    @Test
    void orderEventsAreKeyedByFacilityAndAccessionNumber() {
        IsthmusEvent event = GoldenSamples.expected(health.isthmus.events.hl7.OrderPlaced.class);

        assertThat(event.partitionKey()).isEqualTo("GENHOSP|ACC-9001");
    }

    @Test
    void mergesAreKeyedByTheSurvivor() {
        IsthmusEvent event = GoldenSamples.expected(health.isthmus.events.hl7.PatientsMerged.class);

        assertThat(event.partitionKey()).isEqualTo("GENHOSP|MRN100001");
    }
}
