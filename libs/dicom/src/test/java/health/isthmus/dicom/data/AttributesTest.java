package health.isthmus.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.charset.SpecificCharacterSet;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void stringsAreSplitAtBackslashAndTrimmedOfPadding() {
        Attributes ds = new Attributes();
        ds.setBytes(Tag.ImageType, VR.CS, "ORIGINAL\\PRIMARY\\AXIAL ".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(Tag.SOPInstanceUID, VR.UI, "1.2.3\0".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(Tag.StudyDescription, VR.LO, " CT HEAD ".getBytes(StandardCharsets.US_ASCII));
        ds.setBytes(Tag.ImageComments, VR.LT, "a\\b  ".getBytes(StandardCharsets.US_ASCII));

        assertThat(ds.getStrings(Tag.ImageType)).containsExactly("ORIGINAL", "PRIMARY", "AXIAL");
        assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo("1.2.3");
        assertThat(ds.getString(Tag.StudyDescription)).isEqualTo("CT HEAD");
        assertThat(ds.getString(Tag.ImageComments)).as("LT keeps backslashes").isEqualTo("a\\b");
        assertThat(ds.getString(Tag.PatientID)).isNull();
        assertThat(ds.getString(Tag.PatientID, "none")).isEqualTo("none");
    }

    @Test
    void numbersOfBinaryAndDecimalStringVrs() {
        Attributes ds = new Attributes();
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setInt(Tag.PixelPaddingValue, VR.SS, -2000);
        ds.setString(Tag.InstanceNumber, VR.IS, " 42");
        ds.setString(Tag.PixelSpacing, VR.DS, "0.488281", "0.488281");
        ds.setDouble(Tag.SliceThickness, VR.DS, 1.25);
        ds.setFloat(Tag.RecommendedDisplayFrameRateInFloat, VR.FL, 29.97f);
        ds.setLong(Tag.SelectorUVValue, VR.UV, -1L);
        ds.setInt(Tag.SelectorATValue, VR.AT, Tag.PatientName);

        assertThat(ds.getInt(Tag.Rows, 0)).isEqualTo(512);
        assertThat(ds.getBytes(Tag.Rows)).containsExactly(0x00, 0x02);
        assertThat(ds.getInt(Tag.PixelPaddingValue, 0)).isEqualTo(-2000);
        assertThat(ds.getInt(Tag.InstanceNumber, 0)).isEqualTo(42);
        assertThat(ds.getDoubles(Tag.PixelSpacing)).containsExactly(0.488281, 0.488281);
        assertThat(ds.getString(Tag.SliceThickness)).isEqualTo("1.25");
        assertThat(ds.getFloat(Tag.RecommendedDisplayFrameRateInFloat, 0)).isEqualTo(29.97f);
        assertThat(ds.getString(Tag.SelectorUVValue)).isEqualTo("18446744073709551615");
        assertThat(ds.getInts(Tag.SelectorATValue)).containsExactly(Tag.PatientName);
        assertThat(ds.getString(Tag.SelectorATValue)).isEqualTo("00100010");
        assertThat(ds.getBytes(Tag.SelectorATValue)).containsExactly(0x10, 0x00, 0x10, 0x00);
    }

    @Test
    void aNonNumericIntegerStringIsAClearError() {
        Attributes ds = new Attributes();
        ds.setString(Tag.InstanceNumber, VR.IS, "four");
        assertThatThrownBy(() -> ds.getInt(Tag.InstanceNumber, 0))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("(0020,0013)")
                .hasMessageContaining("four");
    }

    @Test
    void datesTimesAndRanges() {
        Attributes ds = new Attributes();
        ds.setDate(Tag.StudyDate, LocalDate.of(2024, 2, 29));
        ds.setString(Tag.StudyTime, VR.TM, "153012.25");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20240229153012.5+0100");
        ds.setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20240101-20240131");
        ds.setString(Tag.ScheduledProcedureStepStartTime, VR.TM, "08-1030");
        ds.setString(Tag.PatientBirthDate, VR.DA, "1970.05.17");

        assertThat(ds.getString(Tag.StudyDate)).isEqualTo("20240229");
        assertThat(ds.getDate(Tag.StudyDate)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(ds.getTime(Tag.StudyTime)).isEqualTo(LocalTime.of(15, 30, 12, 250_000_000));
        assertThat(ds.getDateTime(Tag.AcquisitionDateTime))
                .isEqualTo(OffsetDateTime.of(2024, 2, 29, 15, 30, 12, 500_000_000, ZoneOffset.ofHours(1)));
        assertThat(ds.getDate(Tag.PatientBirthDate)).isEqualTo(LocalDate.of(1970, 5, 17));

        DateRange days = ds.getDateRange(Tag.ScheduledProcedureStepStartDate);
        assertThat(days).isEqualTo(new DateRange(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)));
        assertThat(days.contains(LocalDate.of(2024, 1, 15))).isTrue();
        assertThat(days.contains(LocalDate.of(2024, 2, 1))).isFalse();
        TimeRange times = ds.getTimeRange(Tag.ScheduledProcedureStepStartTime);
        assertThat(times.start()).isEqualTo(LocalTime.of(8, 0));
        assertThat(times.end()).isEqualTo(LocalTime.of(10, 30, 59, 999_999_000));
        assertThat(DateRange.parse("-20240131").start()).isNull();
        assertThat(DateTimeRange.parse("2024-2025").end())
                .isEqualTo(LocalDateTime.of(2025, 12, 31, 23, 59, 59, 999_999_000));
        assertThatThrownBy(() -> DicomDates.parseDate("20241301")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> DicomDates.parseTime("25")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void personNamesKeepTheirThreeComponentGroups() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientName, VR.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう");

        PersonName name = ds.getPersonName(Tag.PatientName);
        assertThat(name.alphabetic().family()).isEqualTo("Yamada");
        assertThat(name.alphabetic().given()).isEqualTo("Tarou");
        assertThat(name.ideographic().family()).isEqualTo("山田");
        assertThat(name.phonetic().given()).isEqualTo("たろう");
        assertThat(name.toString()).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(PersonName.parse("Doe^John^^Dr").toString()).isEqualTo("Doe^John^^Dr");
        assertThat(PersonName.of("Doe", "Jane").toString()).isEqualTo("Doe^Jane");
    }

    @Test
    void sequencesNestItemsThatInheritTheCharacterSet() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        Sequence seq = ds.newSequence(Tag.ReferencedStudySequence);
        Attributes item = seq.addItem();
        item.setBytes(Tag.PatientName, VR.PN, "Müller^Jörg".getBytes(StandardCharsets.UTF_8));

        assertThat(item.parent()).isSameAs(ds);
        assertThat(item.specificCharacterSet()).isEqualTo(SpecificCharacterSet.of("ISO_IR 192"));
        assertThat(item.getString(Tag.PatientName)).isEqualTo("Müller^Jörg");
        assertThat(ds.getNestedDataset(Tag.ReferencedStudySequence)).isSameAs(item);
    }

    @Test
    void elementsStayInTagOrderWhateverTheInsertionOrder() {
        Attributes ds = new Attributes(2);
        ds.setString(Tag.PatientID, VR.LO, "P1");
        ds.setNull(Tag.PixelData, VR.OW);
        ds.setString(Tag.PatientName, VR.PN, "Doe^J");
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2");
        ds.setString(0xFFFAFFFA, VR.LO, "x");

        assertThat(ds.tagAt(0)).isEqualTo(Tag.SOPClassUID);
        assertThat(ds.tagAt(1)).isEqualTo(Tag.PatientName);
        assertThat(ds.tagAt(3)).isEqualTo(Tag.PixelData);
        assertThat(ds.tagAt(4)).as("groups above 7FFF sort after pixel data").isEqualTo(0xFFFAFFFA);
        assertThat(ds.remove(Tag.PatientName)).isTrue();
        assertThat(ds.size()).isEqualTo(4);
        assertThat(ds.contains(Tag.PatientName)).isFalse();
    }

    @Test
    void privateElementsLiveInTheBlockTheirCreatorReserved() {
        Attributes ds = new Attributes();
        ds.setString(Tags.of(0x0029, 0x0010), VR.LO, "OTHER VENDOR");
        int tag = ds.reservePrivateTag("ISTHMUS TEST", 0x0029, 0x01);
        ds.setString(tag, VR.LO, "private value");

        assertThat(tag).isEqualTo(0x00291101);
        assertThat(ds.getString(0x00290011)).isEqualTo("ISTHMUS TEST");
        assertThat(ds.getPrivateCreator(tag)).isEqualTo("ISTHMUS TEST");
        assertThat(ds.privateTag("ISTHMUS TEST", 0x0029, 0x01)).isEqualTo(tag);
        assertThat(ds.privateTag("NOBODY", 0x0029, 0x01)).isEqualTo(-1);
        assertThat(Tags.isPrivate(tag)).isTrue();
        assertThat(Tags.isPrivateCreator(0x00290011)).isTrue();
    }

    @Test
    void aCopyIsIndependentOfTheOriginal() {
        Attributes ds = new Attributes();
        ds.setString(Tag.PatientID, VR.LO, "P1");
        ds.newSequence(Tag.OtherPatientIDsSequence).addItem().setString(Tag.PatientID, VR.LO, "P2");
        Attributes copy = new Attributes(ds);
        copy.getNestedDataset(Tag.OtherPatientIDsSequence).setString(Tag.PatientID, VR.LO, "changed");

        assertThat(ds.getNestedDataset(Tag.OtherPatientIDsSequence).getString(Tag.PatientID))
                .isEqualTo("P2");
        assertThat(copy.getNestedDataset(Tag.OtherPatientIDsSequence).parent()).isSameAs(copy);
    }

    @Test
    void uidsAreValidatedAndCreatedUnderTheUuidRoot() {
        String uid = Uids.create();
        assertThat(uid).startsWith("2.25.");
        assertThat(Uids.isValid(uid)).isTrue();
        assertThat(Uids.create()).isNotEqualTo(uid);
        assertThat(Uids.isValid("1.2.840.10008.1.2.1")).isTrue();
        assertThat(Uids.isValid("1.02.3")).as("leading zero").isFalse();
        assertThat(Uids.isValid("1.2.")).isFalse();
        assertThat(Uids.isValid("1." + "2".repeat(70))).as("longer than 64").isFalse();
    }
}
