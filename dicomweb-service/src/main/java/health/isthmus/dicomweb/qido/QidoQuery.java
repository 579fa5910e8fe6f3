package health.isthmus.dicomweb.qido;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed QIDO-RS request.
 *
 * @param level the entity searched
 * @param studyInstanceUid the study named in the path, if any
 * @param seriesInstanceUid the series named in the path, if any
 * @param criteria the matching keys, one per attribute
 * @param includeFields attributes to return besides the level's defaults and the matching keys
 * @param includeAll whether {@code includefield=all} asked for every attribute available at the level
 * @param fuzzy whether {@code fuzzymatching=true} asked for fuzzy matching of person names
 * @param limit the most results to return
 * @param offset how many matching results to skip
 * @param requestedLimit the limit asked for when it exceeded the maximum (and was lowered), else null
 */
record QidoQuery(
        QueryLevel level,
        @Nullable String studyInstanceUid,
        @Nullable String seriesInstanceUid,
        List<Criterion> criteria,
        Set<Integer> includeFields,
        boolean includeAll,
        boolean fuzzy,
        int limit,
        int offset,
        @Nullable Integer requestedLimit) {

    /**
     * One matching key.
     *
     * @param tag the attribute
     * @param value the value as sent; empty for universal matching
     */
    record Criterion(int tag, String value) {}
}
