package health.isthmus.dicomweb.qido;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.data.Tag;
import health.isthmus.dicomweb.ingest.IndexProperties;
import health.isthmus.platform.web.BadRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QidoQueryParserTest {

    private final QidoQueryParser parser = new QidoQueryParser(
            new QidoProperties(10, 50),
            new IndexProperties.ExtraAttributes(List.of(), List.of("ProtocolName"), List.of()));

    private QidoQuery parse(QueryLevel level, String... pairs) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            parameters
                    .computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>())
                    .add(pairs[i + 1]);
        }
        return parser.parse(level, null, null, parameters);
    }

    @Test
    void attributesByKeywordOrTagAndIncludeFieldsByCommaListsOrRepetition() {
        QidoQuery query = parse(
                QueryLevel.STUDY,
                "PatientID",
                "P1",
                "00080020",
                "20260101-",
                "includefield",
                "StudyDescription,00081030",
                "includefield",
                "00280010");
        assertThat(query.criteria())
                .containsExactly(
                        new QidoQuery.Criterion(Tag.PatientID, "P1"),
                        new QidoQuery.Criterion(Tag.StudyDate, "20260101-"));
        assertThat(query.includeFields()).containsExactlyInAnyOrder(Tag.StudyDescription, Tag.Rows);
        assertThat(query.limit()).isEqualTo(10);
        assertThat(parse(QueryLevel.STUDY, "includefield", "all").includeAll()).isTrue();
    }

    @Test
    void aLimitAboveTheMaximumIsLoweredAndRemembered() {
        QidoQuery query = parse(QueryLevel.STUDY, "limit", "500", "offset", "20");
        assertThat(query.limit()).isEqualTo(50);
        assertThat(query.requestedLimit()).isEqualTo(500);
        assertThat(query.offset()).isEqualTo(20);
        assertThat(parse(QueryLevel.STUDY, "limit", "5").requestedLimit()).isNull();
    }

    @Test
    void unknownAndUnmatchableAttributesAreNamed() {
        assertThatThrownBy(() -> parse(QueryLevel.STUDY, "Colour", "blue", "PatientId", "x"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Colour")
                .hasMessageContaining("PatientId");
        assertThatThrownBy(() -> parse(QueryLevel.STUDY, "Modality", "CT"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Modality");
        assertThatThrownBy(() -> parse(QueryLevel.STUDY, "ProtocolName", "HEAD"))
                .as("a series-level extra attribute in a study query")
                .hasMessageContaining("ProtocolName");
        assertThat(parse(QueryLevel.SERIES, "ProtocolName", "HEAD").criteria()).hasSize(1);
        assertThatThrownBy(() -> parse(QueryLevel.STUDY, "NumberOfStudyRelatedSeries", "2"))
                .hasMessageContaining("NumberOfStudyRelatedSeries");
        assertThat(parse(QueryLevel.STUDY, "NumberOfStudyRelatedSeries", "", "Modality", "")
                        .includeFields())
                .as("an empty key only asks for the attribute")
                .containsExactlyInAnyOrder(Tag.NumberOfStudyRelatedSeries, Tag.Modality);
        assertThatThrownBy(() -> parse(QueryLevel.STUDY, "fuzzymatching", "yes"))
                .hasMessageContaining("fuzzymatching");
        assertThatThrownBy(() -> parse(QueryLevel.STUDY, "PatientID", "a", "00100020", "b"))
                .hasMessageContaining("more than once");
    }
}
