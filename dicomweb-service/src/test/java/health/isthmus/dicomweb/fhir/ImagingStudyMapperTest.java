package health.isthmus.dicomweb.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImagingStudyMapperTest {

    private final ImagingStudyMapper mapper =
            new ImagingStudyMapper(new FhirProperties(Map.of(), ZoneId.of("America/New_York")));

    @Test
    void namesReadGivenMiddleFamilyWithPrefixAndSuffix() {
        assertThat(ImagingStudyMapper.readable("DOE^JANE^Q^DR^III")).isEqualTo("DR JANE Q DOE III");
        assertThat(ImagingStudyMapper.readable("=山田^太郎")).isEqualTo("太郎 山田");
        assertThat(ImagingStudyMapper.readable("")).isNull();
    }

    @Test
    void startedIsTheStudyDateAndTimeInTheArchivesZone() {
        assertThat(mapper.started("20260704", "153000.123456").getValueAsString())
                .isEqualTo("2026-07-04T15:30:00-04:00");
        assertThat(mapper.started("20261227", "0815").getValueAsString()).isEqualTo("2026-12-27T08:15:00-05:00");
        assertThat(mapper.started("20261227", "25").getValueAsString()).isEqualTo("2026-12-27");
        assertThat(mapper.started("20261227", null).getValueAsString()).isEqualTo("2026-12-27");
        assertThat(mapper.started("2026-12", "1000")).isNull();
    }
}
