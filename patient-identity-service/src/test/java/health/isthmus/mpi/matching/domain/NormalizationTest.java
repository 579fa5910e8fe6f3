package health.isthmus.mpi.matching.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void caseDiacriticsAndPunctuationDoNotMatter() {
        assertThat(Normalization.text("  Müller ")).isEqualTo("MULLER");
        assertThat(Normalization.text("José")).isEqualTo("JOSE");
        assertThat(Normalization.text("Søndergaard")).isEqualTo("SONDERGAARD");
        assertThat(Normalization.text("Wiśniewski")).isEqualTo("WISNIEWSKI");
        assertThat(Normalization.text("O'Brien")).isEqualTo("OBRIEN");
        assertThat(Normalization.text("Smith-Jones")).isEqualTo("SMITH JONES");
        assertThat(Normalization.text("van  der   Berg")).isEqualTo("VAN DER BERG");
        assertThat(Normalization.text(null)).isEmpty();
        assertThat(Normalization.text("--")).isEmpty();
    }

    @Test
    void doubleBarrelledNamesSplitIntoWords() {
        assertThat(Normalization.words("Smith-Jones")).containsExactly("SMITH", "JONES");
        assertThat(Normalization.words(" ")).isEmpty();
    }

    @Test
    void postalCodesAndIdsLoseTheirSpaces() {
        assertThat(Normalization.compact("n1 2ab")).isEqualTo("N12AB");
        assertThat(Normalization.compact("123-456-789")).isEqualTo("123456789");
    }

    @Test
    void phoneNumbersCompareByTheirLastNineDigits() {
        assertThat(Normalization.phone("07700 900123")).isEqualTo(Normalization.phone("+44 7700 900123"));
        assertThat(Normalization.phone("(0)7700-900-123")).isEqualTo("700900123");
        assertThat(Normalization.phone("12345")).isEmpty();
        assertThat(Normalization.phone(null)).isEmpty();
    }

    @Test
    void streetTypesHaveOneSpelling() {
        assertThat(Normalization.addressLine("12 High Street"))
                .isEqualTo(Normalization.addressLine("12, High St."))
                .isEqualTo("12 HIGH ST");
        assertThat(Normalization.addressLine("Flat 3, 4 West Road")).isEqualTo("APT 3 4 W RD");
    }
}
