package health.isthmus.report.lifecycle.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.events.common.PatientIdentifier;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-27T11:00:00Z");

    private static Report draft(String text) {
        return new Report(
                7,
                "GENHOSP",
                "ACC-9001",
                null,
                new PatientIdentifier("MRN100001", "GENHOSP", "MR"),
                null,
                ReportStatus.DRAFT,
                text,
                Report.LOCAL,
                "dev-radiologist",
                null,
                null,
                T0,
                T0,
                1);
    }

    @Test
    void signingMakesADraftFinalAsANewVersionSignedByTheSigner() {
        Report signed = draft("IMPRESSION: Normal.").sign("dr-house", T1);

        assertThat(signed.status()).isEqualTo(ReportStatus.FINAL);
        assertThat(signed.signer()).isEqualTo("dr-house");
        assertThat(signed.signedAt()).isEqualTo(T1);
        assertThat(signed.version()).isEqualTo(2);
        assertThat(signed.author()).isEqualTo("dev-radiologist");
    }

    @Test
    void aSignedReportIsAmendedNotEditedNorSignedAgainNorCancelled() {
        Report signed = draft("IMPRESSION: Normal.").sign("dr-house", T1);

        assertThatThrownBy(() -> signed.edit("x", T1)).isInstanceOf(ReportStateException.class);
        assertThatThrownBy(() -> signed.sign("dr-house", T1)).isInstanceOf(ReportStateException.class);
        assertThatThrownBy(() -> signed.cancel(T1)).isInstanceOf(ReportStateException.class);
        Report amended = signed.amend("IMPRESSION: Fracture.", "dr-cuddy", T1);
        assertThat(amended.status()).isEqualTo(ReportStatus.AMENDED);
        assertThat(amended.signer()).isEqualTo("dr-cuddy");
        assertThat(amended.amend("IMPRESSION: Two fractures.", "dr-cuddy", T1).version())
                .isEqualTo(4);
    }

    @Test
    void aDraftIsNotAmendedAndAnEmptyOneIsNotSigned() {
        assertThatThrownBy(() -> draft("text").amend("new", "dr", T1)).isInstanceOf(ReportStateException.class);
        assertThatThrownBy(() -> draft("  ").sign("dr", T1)).isInstanceOf(ReportStateException.class);
        assertThat(draft("a").preliminary(T1).edit("b", T1).status()).isEqualTo(ReportStatus.PRELIMINARY);
    }

    @Test
    void deliveriesOfOnePatientShareAnOrderingKey() {
        assertThat(draft("a").orderingKey()).isEqualTo("pid:GENHOSP|MRN100001");
    }
}
