package health.isthmus.mpi.matching;

import health.isthmus.mpi.matching.domain.Field;
import health.isthmus.mpi.matching.domain.Level;
import health.isthmus.mpi.matching.domain.MatchingSettings;
import health.isthmus.mpi.matching.domain.Probabilities;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Matching configuration under {@code isthmus.mpi.matching}: thresholds, the block size limit, m/u probabilities
 * that replace the defaults level by level, and the identifier types that carry a national id.
 *
 * @param linkThreshold a score at or above it links automatically (default 21.5)
 * @param reviewThreshold a score at or above it opens a review task (default 12)
 * @param maxBlockSize blocking keys shared by more records are skipped (default 500)
 * @param fields per field and level, probabilities replacing the defaults (for example {@code
 *     fields.PHONE.EXACT.m=0.6})
 * @param nationalIdTypes identifier type codes (HL7 table 0203) whose value is a national id; types beginning with
 *     {@code NN} (national person identifier of a country) count too
 */
@ConfigurationProperties("isthmus.mpi.matching")
public record MatchingProperties(
        @Nullable Double linkThreshold,
        @Nullable Double reviewThreshold,
        @Nullable Integer maxBlockSize,
        @Nullable Map<Field, Map<Level, Probabilities>> fields,
        @Nullable List<String> nationalIdTypes) {

    /** The settings the engine runs with: the defaults, with whatever is configured in their place. */
    public MatchingSettings settings() {
        MatchingSettings defaults = MatchingSettings.defaults();
        Map<Field, Map<Level, Probabilities>> merged = new EnumMap<>(Field.class);
        defaults.fields().forEach((field, levels) -> merged.put(field, new EnumMap<>(levels)));
        if (fields != null) {
            fields.forEach((field, levels) -> merged.computeIfAbsent(field, f -> new EnumMap<>(Level.class))
                    .putAll(levels));
        }
        return new MatchingSettings(
                linkThreshold == null ? defaults.linkThreshold() : linkThreshold,
                reviewThreshold == null ? defaults.reviewThreshold() : reviewThreshold,
                maxBlockSize == null ? defaults.maxBlockSize() : maxBlockSize,
                merged);
    }

    /** The identifier types that carry a national id. */
    public List<String> nationalIdTypesOrDefault() {
        return nationalIdTypes == null ? List.of("SS", "NI", "NH", "PT") : nationalIdTypes;
    }
}
