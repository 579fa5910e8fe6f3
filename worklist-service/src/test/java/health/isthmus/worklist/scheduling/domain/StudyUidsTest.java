package health.isthmus.worklist.scheduling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StudyUidsTest {

    @Test
    void generatedUidsAreValidDicomUidsUnderTheUuidRootAndDiffer() {
        String first = StudyUids.generate();
        String second = StudyUids.generate();

        assertThat(first).startsWith("2.25.").matches("2\\.25\\.[1-9][0-9]*").hasSizeLessThanOrEqualTo(64);
        assertThat(second).isNotEqualTo(first);
    }
}
