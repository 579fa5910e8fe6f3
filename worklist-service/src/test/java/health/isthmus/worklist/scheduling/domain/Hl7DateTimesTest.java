package health.isthmus.worklist.scheduling.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hl7DateTimesTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Test
    void aTimeWithoutOffsetIsTheSitesLocalTime() {
        ScheduledStart start = Hl7DateTimes.scheduledStart("20261127100000", CHICAGO);

        assertThat(start.date()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(start.time()).isEqualTo(LocalTime.of(10, 0));
        // Chicago is at UTC-6 in November
        assertThat(start.instant()).isEqualTo(Instant.parse("2026-11-27T16:00:00Z"));
    }

    @Test
    void aTimeWithAnOffsetIsMovedIntoTheSitesZone() {
        ScheduledStart start = Hl7DateTimes.scheduledStart("20261128013000+0100", CHICAGO);

        assertThat(start.instant()).isEqualTo(Instant.parse("2026-11-28T00:30:00Z"));
        assertThat(start.date()).as("the day before at the site").isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(start.time()).isEqualTo(LocalTime.of(18, 30));
    }

    @Test
    void minutesSecondsAndFractionsAreOptional() {
        assertThat(Hl7DateTimes.scheduledStart("202611271015", CHICAGO).time()).isEqualTo(LocalTime.of(10, 15));
        assertThat(Hl7DateTimes.scheduledStart("2026112710", CHICAGO).time()).isEqualTo(LocalTime.of(10, 0));
        assertThat(Hl7DateTimes.scheduledStart("20261127101530.25", CHICAGO).time())
                .isEqualTo(LocalTime.of(10, 15, 30, 250_000_000));
    }

    @Test
    void aDateAloneHasNoTimeAndStartsAtTheSitesMidnight() {
        ScheduledStart start = Hl7DateTimes.scheduledStart("20261127", CHICAGO);

        assertThat(start.time()).isNull();
        assertThat(start.date()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(start.instant()).isEqualTo(Instant.parse("2026-11-27T06:00:00Z"));
    }

    @Test
    void theDaylightSavingGapMovesALocalTimeForward() {
        // 2026-03-08 02:30 does not exist in Chicago; the clock jumps from 02:00 to 03:00
        ScheduledStart start = Hl7DateTimes.scheduledStart("202603080230", CHICAGO);

        assertThat(start.instant()).isEqualTo(Instant.parse("2026-03-08T08:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026", "202611", "20261327", "20261131", "2026112725", "20261127T1000", "tomorrow"})
    void valuesThatNameNoDayAreNoStart(String dtm) {
        assertThat(Hl7DateTimes.scheduledStart(dtm, CHICAGO)).isNull();
    }

    @Test
    void anAbsentValueIsNoStart() {
        assertThat(Hl7DateTimes.scheduledStart(null, CHICAGO)).isNull();
    }
}
