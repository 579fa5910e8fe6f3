package health.isthmus.worklist.mwl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.charset.SpecificCharacterSet;
import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.InvalidValueException;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import org.junit.jupiter.api.Test;

class MwlMatcherTest {

    /** A worklist item as {@link WorklistItems} builds it: every supported key present, unknown ones empty. */
    private static Attributes item() {
        Attributes item = new Attributes();
        item.setString(Tag.AccessionNumber, VR.SH, "ACC-1001");
        item.setString(Tag.PatientName, VR.PN, "Doe^Jane^Q");
        item.setString(Tag.PatientID, VR.LO, "MRN100001");
        item.setString(Tag.IssuerOfPatientID, VR.LO, "GENHOSP");
        item.setString(Tag.StudyInstanceUID, VR.UI, "2.25.1001");
        item.setNull(Tag.RequestedProcedureDescription, VR.LO);
        item.setString(Tag.RequestedProcedureID, VR.SH, "RP1001");
        Attributes step = new Attributes();
        step.setString(Tag.Modality, VR.CS, "CT");
        step.setString(Tag.ScheduledStationAETitle, VR.AE, "CT01");
        step.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261203");
        step.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "093000");
        step.setString(Tag.ScheduledPerformingPhysicianName, VR.PN, "SMITH^ANNA");
        step.setString(Tag.ScheduledProcedureStepID, VR.SH, "SPS1001");
        item.newSequence(Tag.ScheduledProcedureStepSequence).add(step);
        return item;
    }

    private static Attributes query() {
        Attributes query = new Attributes();
        query.setNull(Tag.PatientName, VR.PN);
        query.setNull(Tag.PatientID, VR.LO);
        return query;
    }

    private static Attributes stepQuery(Attributes query) {
        return query.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
    }

    @Test
    void emptyKeysMatchEverything() {
        Attributes query = query();
        query.newSequence(Tag.ScheduledProcedureStepSequence).addItem();
        assertThat(MwlMatcher.matches(query, item())).isTrue();
    }

    @Test
    void singleValueMatchingIsExactAndCaseSensitive() {
        Attributes query = query();
        query.setString(Tag.PatientID, VR.LO, "MRN100001");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.PatientID, VR.LO, "MRN10000");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
        query.setString(Tag.PatientID, VR.LO, "mrn100001");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
    }

    @Test
    void wildcardsStandForRunsAndSingleCharacters() {
        Attributes query = query();
        query.setString(Tag.AccessionNumber, VR.SH, "ACC-1*");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.AccessionNumber, VR.SH, "ACC-?001");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.AccessionNumber, VR.SH, "ACC-?01");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
        query.setString(Tag.AccessionNumber, VR.SH, "*1*0*1");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.AccessionNumber, VR.SH, "*");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
    }

    @Test
    void personNamesMatchIgnoringCaseAndTrailingEmptyComponents() {
        Attributes query = query();
        query.setString(Tag.PatientName, VR.PN, "DOE^JANE^Q^^");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.PatientName, VR.PN, "doe*");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.PatientName, VR.PN, "D?E^J*");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.PatientName, VR.PN, "DOE");
        assertThat(MwlMatcher.matches(query, item()))
                .as("no wildcard: the whole name")
                .isFalse();
        query.setString(Tag.PatientName, VR.PN, "ROE*");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
    }

    @Test
    void personNamesMatchOnTheAlphabeticGroup() {
        Attributes item = item();
        item.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        Attributes query = query();
        query.setString(Tag.PatientName, VR.PN, "YAMADA^*");
        assertThat(MwlMatcher.matches(query, item)).isTrue();
    }

    @Test
    void uidListsMatchAnyOfTheirUids() {
        Attributes query = query();
        query.setString(Tag.StudyInstanceUID, VR.UI, "2.25.9", "2.25.1001");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        query.setString(Tag.StudyInstanceUID, VR.UI, "2.25.9", "2.25.10");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
    }

    @Test
    void sequenceMatchingNeedsOneItemMatchingEveryKey() {
        Attributes query = query();
        Attributes step = stepQuery(query);
        step.setString(Tag.Modality, VR.CS, "CT");
        step.setString(Tag.ScheduledStationAETitle, VR.AE, "CT01");
        step.setString(Tag.ScheduledPerformingPhysicianName, VR.PN, "smith^*");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        step.setString(Tag.Modality, VR.CS, "MR");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
    }

    @Test
    void dateRangesIncludeTheirEndsAndMayBeOpen() {
        Attributes query = query();
        Attributes step = stepQuery(query);
        for (String matching : new String[] {"20261203", "20261201-20261203", "20261203-", "-20261203"}) {
            step.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, matching);
            assertThat(MwlMatcher.matches(query, item())).as(matching).isTrue();
        }
        for (String other : new String[] {"20261202", "20261204-20261210", "-20261202"}) {
            step.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, other);
            assertThat(MwlMatcher.matches(query, item())).as(other).isFalse();
        }
    }

    @Test
    void timeRangesMatchAlone() {
        Attributes query = query();
        Attributes step = stepQuery(query);
        step.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "0900-1000");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        step.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "1000-");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
    }

    @Test
    void dateAndTimeTogetherMatchAsOneRange() {
        Attributes query = query();
        Attributes step = stepQuery(query);
        // from 2 December 10:00 to 3 December 09:00: 3 December 09:30 lies outside
        step.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261202-20261203");
        step.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "1000-0900");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
        // from 2 December 10:00 to 3 December 10:00: inside, though 09:30 is before 10:00
        step.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "1000-1000");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
        step.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261203");
        step.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "0930");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
    }

    @Test
    void aKeyWithAValueNeverMatchesAnUnknownValue() {
        Attributes query = query();
        query.setString(Tag.RequestedProcedureDescription, VR.LO, "*CHEST*");
        assertThat(MwlMatcher.matches(query, item())).isFalse();
        query.setString(Tag.RequestedProcedureDescription, VR.LO, "*");
        assertThat(MwlMatcher.matches(query, item())).as("universal").isTrue();
    }

    @Test
    void keysTheModelDoesNotHoldAreIgnored() {
        Attributes query = query();
        query.setString(Tag.AdmissionID, VR.LO, "ADM1");
        assertThat(MwlMatcher.matches(query, item())).isTrue();
    }

    @Test
    void anInvalidRangeIsRefused() {
        Attributes query = query();
        stepQuery(query).setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "2026-12-03");
        assertThatThrownBy(() -> MwlMatcher.matches(query, item())).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void responsesCarryEveryKeyFilledOrEmpty() {
        Attributes query = query();
        query.setNull(Tag.RequestedProcedureDescription, VR.LO);
        query.setNull(Tag.AdmissionID, VR.LO);
        stepQuery(query).setNull(Tag.ScheduledStationAETitle, VR.AE);

        Attributes response = MwlResponses.response(query, item());

        assertThat(response.getString(Tag.PatientName)).isEqualTo("Doe^Jane^Q");
        assertThat(response.contains(Tag.RequestedProcedureDescription)).isTrue();
        assertThat(response.getString(Tag.RequestedProcedureDescription)).isNull();
        assertThat(response.contains(Tag.AdmissionID)).isTrue();
        assertThat(response.contains(Tag.AccessionNumber)).as("not asked").isFalse();
        Attributes step = response.getNestedDataset(Tag.ScheduledProcedureStepSequence);
        assertThat(step.getString(Tag.ScheduledStationAETitle)).isEqualTo("CT01");
        assertThat(step.contains(Tag.Modality)).as("not asked").isFalse();
        assertThat(response.contains(Tag.SpecificCharacterSet)).isFalse();
    }

    @Test
    void valuesTheQueryCharacterSetCannotHoldAreAnsweredInUtf8() {
        Attributes item = item();
        item.setString(Tag.PatientName, VR.PN, "Wang^XiaoDong=王^小東");
        Attributes latin1 = query();
        latin1.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        assertThat(MwlResponses.response(latin1, item).getString(Tag.SpecificCharacterSet))
                .isEqualTo("ISO_IR 192");

        item.setString(Tag.PatientName, VR.PN, "Müller^Jörg");
        Attributes response = MwlResponses.response(latin1, item);
        assertThat(response.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 100");
        assertThat(SpecificCharacterSet.of("ISO_IR 100").decode(response.getBytes(Tag.PatientName)))
                .isEqualTo("Müller^Jörg");
        assertThat(MwlResponses.response(query(), item).getString(Tag.SpecificCharacterSet))
                .as("no character set asked, but not ASCII")
                .isEqualTo("ISO_IR 192");
    }
}
