package health.isthmus.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.events.GoldenSamples;
import health.isthmus.events.audit.AuditEventRecorded;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CanonicalFormTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final CanonicalForm canonical = new CanonicalForm(json);
    private final AuditEventRecorded golden = (AuditEventRecorded) GoldenSamples.expected(AuditEventRecorded.class);
    private final Instant recordedAt = Instant.parse("2026-11-27T08:30:01.123456Z");

    @Test
    void theTextHasSortedKeysAndNoWhiteSpace() {
        String text = canonical.of(7, "event-7", recordedAt, golden);

        assertThat(text)
                .startsWith("{\"eventId\":\"event-7\",\"record\":{\"action\":\"C\",\"event\":")
                .endsWith("},\"recordedAt\":\"2026-11-27T08:30:01.123456Z\",\"sequence\":7}")
                .doesNotContain(": ", ", ", "\n");
        assertThat(text).contains("{\"code\":\"110110\",\"codingSystem\":\"DCM\",\"text\":\"Patient Record\"}");
    }

    @Test
    void theSameRecordPublishedWithOtherFieldOrderHashesTheSame() {
        AuditEventRecorded fromTheWire =
                json.readValue(GoldenSamples.json(AuditEventRecorded.class), AuditEventRecorded.class);

        assertThat(canonical.of(1, "e", recordedAt, fromTheWire)).isEqualTo(canonical.of(1, "e", recordedAt, golden));
    }

    @Test
    void theStoredRecordIsReadBackFromItsText() {
        StoredRecord stored = canonical.read(canonical.of(42, "event-42", recordedAt, golden));

        assertThat(stored).isEqualTo(new StoredRecord(42, "event-42", recordedAt, golden));
    }

    @Test
    void eachHashCommitsToThePreviousOneAndToEveryCharacter() {
        String text = canonical.of(1, "e", recordedAt, golden);
        byte[] first = ChainHash.next(ChainHash.GENESIS, text);

        assertThat(HexFormat.of().formatHex(first)).hasSize(64);
        assertThat(ChainHash.next(ChainHash.GENESIS, text)).isEqualTo(first);
        assertThat(ChainHash.next(ChainHash.GENESIS, text.replace("110110", "110111")))
                .isNotEqualTo(first);
        assertThat(ChainHash.next(first, text)).isNotEqualTo(first);
    }
}
