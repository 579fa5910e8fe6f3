package health.isthmus.dicomweb.qido;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.platform.web.BadRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QidoSqlTest {

    @Test
    void wildcardsBecomeLikePatternsWithSqlPatternCharactersEscaped() {
        assertThat(QidoSql.like("DOE*")).isEqualTo("DOE%");
        assertThat(QidoSql.like("D?E")).isEqualTo("D_E");
        assertThat(QidoSql.like("50%_off\\*")).isEqualTo("50\\%\\_off\\\\%");
    }

    @Test
    void aValueIsBoundNeverWrittenIntoTheSql() {
        QidoSql sql = new QidoSql();
        sql.match("PatientID", QidoAttribute.Match.STRING, "st.patient_id", List.of(), "x' or '1'='1", false, null);
        assertThat(sql.where()).isEqualTo(" and st.patient_id = ?");
        assertThat(sql.parameters()).containsExactly("x' or '1'='1");
    }

    @Test
    void universalMatchingAddsNoCondition() {
        QidoSql sql = new QidoSql();
        sql.match("PatientID", QidoAttribute.Match.STRING, "st.patient_id", List.of(), "", false, null);
        sql.match("StudyDate", QidoAttribute.Match.DATE, "st.study_date", List.of(), "*", false, null);
        assertThat(sql.where()).isEmpty();
    }

    @Test
    void dateRangesAreInclusiveAndMayBeOpen() {
        assertThat(QidoSql.dateRange("StudyDate", "20260101-20261231")).containsExactly("20260101", "20261231");
        assertThat(QidoSql.dateRange("StudyDate", "-20261231")).containsExactly(null, "20261231");
        assertThat(QidoSql.dateRange("StudyDate", "20260101-")).containsExactly("20260101", null);
        assertThatThrownBy(() -> QidoSql.dateRange("StudyDate", "20261231-20260101"))
                .isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> QidoSql.dateRange("StudyDate", "2026-01-01")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void timeRangesCoverTheWholeLastHourMinuteOrSecond() {
        assertThat(QidoSql.timeRange("StudyTime", "0700-12")).containsExactly("070000", "125959.999999");
        assertThat(QidoSql.timeRange("StudyTime", "-1030")).containsExactly(null, "103059.999999");
        assertThatThrownBy(() -> QidoSql.timeRange("StudyTime", "25")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void fuzzyNamesMatchAPrefixOfAnyComponentOrWord() {
        QidoSql sql = new QidoSql();
        sql.match("PatientName", QidoAttribute.Match.PERSON_NAME, "st.patient_name", List.of(), "jan", true, "s");
        assertThat(sql.parameters()).containsExactly("JAN%", "%^JAN%", "% JAN%");
    }
}
