package health.isthmus.audit.chain;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What a walk along the chain found.
 *
 * @param valid whether every stored record is intact and linked to the one before
 * @param checked how many records were checked
 * @param firstSequence the first record checked (the one after the retention anchor)
 * @param lastSequence the last record the chain head names
 * @param removedThrough records up to this sequence were removed by retention (0 when none was)
 * @param firstBrokenRecord the first record found changed, missing or out of place; absent when valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainVerification(
        boolean valid,
        long checked,
        long firstSequence,
        long lastSequence,
        long removedThrough,
        @Nullable BrokenRecord firstBrokenRecord) {

    /**
     * The first break in the chain.
     *
     * @param sequence the record's sequence number (for a missing record: the first missing sequence)
     * @param eventId the record's event id, when the row exists
     * @param reason what is wrong with it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrokenRecord(long sequence, @Nullable String eventId, String reason) {}
}
