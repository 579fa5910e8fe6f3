package health.isthmus.audit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.audit.trail.TrailQuery;
import health.isthmus.events.audit.AuditAction;
import health.isthmus.platform.web.BadRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrailCriteriaTest {

    @Test
    void daysCoverTheWholeDayInUtcAndDefaultsApply() {
        TrailQuery query = AuditEventsController.query(
                " GENHOSP|MRN1 ", "", "r", null, " corr-1 ", "2026-11-27", "2026-11-27", null, null);

        assertThat(query.patient()).isEqualTo("GENHOSP|MRN1");
        assertThat(query.user()).isNull();
        assertThat(query.action()).isEqualTo(AuditAction.R);
        assertThat(query.correlationId()).isEqualTo("corr-1");
        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-27T23:59:59.999999999Z"));
        assertThat(query.limit()).isEqualTo(100);
        assertThat(query.offset()).isZero();
    }

    @Test
    void criteriaAUserMustCorrectAreRefusedWithTheReason() {
        assertThatThrownBy(() -> AuditEventsController.query(
                        null, null, null, null, null, "2026-11-28T00:00:00Z", "2026-11-27T00:00:00Z", null, null))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("from must not be after to");
        assertThatThrownBy(() -> AuditEventsController.query(null, null, null, null, null, null, null, 1001, null))
                .hasMessage("limit must be between 1 and 1000");
        assertThatThrownBy(() -> AuditEventsController.query(null, null, "read", null, null, null, null, null, null))
                .hasMessage("action must be one of C, R, U, D, E");
        assertThatThrownBy(
                        () -> AuditEventsController.query(null, null, null, null, null, "27.11.2026", null, null, null))
                .hasMessageStartingWith("from must be an instant");
    }
}
