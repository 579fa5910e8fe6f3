package health.isthmus.dicom.dictionary;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import org.junit.jupiter.api.Test;

class ElementDictionaryTest {

    @Test
    void knowsKeywordVrAndVmOfStandardTags() {
        assertThat(ElementDictionary.entryOf(Tag.PatientName))
                .isEqualTo(new ElementDictionary.Entry(Tag.PatientName, "PatientName", VR.PN, "1", false));
        assertThat(ElementDictionary.vrOf(Tag.ImageType)).isEqualTo(VR.CS);
        assertThat(ElementDictionary.vmOf(Tag.ImageType)).isEqualTo("2-n");
        assertThat(ElementDictionary.vrOf(Tag.ReferencedStudySequence)).isEqualTo(VR.SQ);
        assertThat(ElementDictionary.vrOf(Tag.AffectedSOPClassUID))
                .as("command elements")
                .isEqualTo(VR.UI);
        assertThat(ElementDictionary.tagOf("StudyInstanceUID")).isEqualTo(0x0020000D);
        assertThat(ElementDictionary.size()).isGreaterThan(4000);
    }

    @Test
    void resolvesRepeatingGroupsRangesAndGenericTags() {
        assertThat(ElementDictionary.keywordOf(0x60023000)).isEqualTo("OverlayData");
        assertThat(ElementDictionary.vrOf(0x60020010)).isEqualTo(VR.US);
        assertThat(ElementDictionary.entryOf(0x50100005).retired()).isTrue();
        assertThat(ElementDictionary.vrOf(0x00080000)).as("group length").isEqualTo(VR.UL);
        assertThat(ElementDictionary.vrOf(0x00290010)).as("private creator").isEqualTo(VR.LO);
        assertThat(ElementDictionary.vrOf(0x00291001)).as("unknown private").isEqualTo(VR.UN);
        assertThat(ElementDictionary.entryOf(0x00291001)).isNull();
    }

    @Test
    void knowsTheUidsThePlatformUses() {
        assertThat(Uid.CTImageStorage).isEqualTo("1.2.840.10008.5.1.4.1.1.2");
        assertThat(Uid.nameOf(Uid.ModalityWorklistInformationModelFind))
                .isEqualTo("Modality Worklist Information Model - FIND");
        assertThat(Uid.typeOf(Uid.HTJ2K)).isEqualTo("Transfer Syntax");
        assertThat(Uid.nameOf("1.2.3.4")).isEqualTo("1.2.3.4");
    }
}
