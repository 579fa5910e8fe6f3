package health.isthmus.dicomweb.wado;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.dicomweb.wado.AcceptHeader.MediaRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptHeaderTest {

    @Test
    void rangesComeMostPreferredFirstWithQuotedParametersUnquoted() {
        List<MediaRange> ranges = AcceptHeader.parse("multipart/related; type=\"application/dicom\";"
                + " transfer-syntax=*;q=0.5, multipart/related; type=\"application/dicom\";"
                + " transfer-syntax=1.2.840.10008.1.2.1, image/png;q=0");
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(0).transferSyntax()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(ranges.get(0).partType()).isEqualTo("application/dicom");
        assertThat(ranges.get(1).transferSyntax()).isEqualTo("*");
        assertThat(ranges.get(1).quality()).isEqualTo(0.5);
    }

    @Test
    void equalQualitiesKeepTheClientsOrderAndWildcardsCoverTypes() {
        List<MediaRange> ranges = AcceptHeader.parse("image/png, image/*, */*");
        assertThat(ranges).extracting(MediaRange::subtype).containsExactly("png", "*", "*");
        assertThat(ranges.get(0).covers("image/jpeg")).isFalse();
        assertThat(ranges.get(1).covers("image/jpeg")).isTrue();
        assertThat(ranges.get(1).covers("application/dicom+json")).isFalse();
        assertThat(ranges.get(2).isWildcard()).isTrue();
    }

    @Test
    void anAbsentHeaderAcceptsAnythingAndMalformedRangesAreLeftOut() {
        assertThat(AcceptHeader.parse((String) null))
                .singleElement()
                .satisfies(r -> assertThat(r.isWildcard()).isTrue());
        assertThat(AcceptHeader.parse("garbage, ;q=1, application/dicom+json;q=x, application/json"))
                .extracting(MediaRange::subtype)
                .containsExactly("json");
    }
}
