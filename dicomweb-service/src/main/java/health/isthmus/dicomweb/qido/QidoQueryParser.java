package health.isthmus.dicomweb.qido;

import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.Uids;
import health.isthmus.dicomweb.ingest.IndexProperties;
import health.isthmus.dicomweb.qido.QidoQuery.Criterion;
import health.isthmus.platform.web.BadRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a QIDO-RS request's query parameters (PS3.18 8.3.4): attributes by keyword or tag with their matching values,
 * {@code includefield}, {@code fuzzymatching}, {@code limit} and {@code offset}. Anything it cannot honour is a
 * {@link BadRequestException} naming the parameters at fault.
 */
final class QidoQueryParser {

    static final String INCLUDE_FIELD = "includefield";
    static final String FUZZY_MATCHING = "fuzzymatching";
    static final String LIMIT = "limit";
    static final String OFFSET = "offset";

    private final QidoProperties properties;
    private final IndexProperties.ExtraAttributes extras;

    QidoQueryParser(QidoProperties properties, IndexProperties.ExtraAttributes extras) {
        this.properties = properties;
        this.extras = extras;
    }

    QidoQuery parse(
            QueryLevel level,
            @Nullable String studyInstanceUid,
            @Nullable String seriesInstanceUid,
            Map<String, List<String>> parameters) {
        requireUid("study", studyInstanceUid);
        requireUid("series", seriesInstanceUid);
        List<String> unknown = new ArrayList<>();
        List<String> notMatchable = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        List<Criterion> criteria = new ArrayList<>();
        Set<Integer> includeFields = new LinkedHashSet<>();
        boolean includeAll = false;
        boolean fuzzy = false;
        int limit = properties.defaultLimit();
        Integer requestedLimit = null;
        int offset = 0;
        Set<Integer> seen = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            List<String> values = parameter.getValue();
            switch (name) {
                case INCLUDE_FIELD -> {
                    for (String value : values) {
                        for (String field : value.split(",")) {
                            String trimmed = field.strip();
                            if (trimmed.equals("all")) {
                                includeAll = true;
                            } else if (!trimmed.isEmpty()) {
                                int tag = IndexProperties.tagOf(trimmed);
                                if (tag < 0) {
                                    unknown.add(INCLUDE_FIELD + "=" + trimmed);
                                } else {
                                    includeFields.add(tag);
                                }
                            }
                        }
                    }
                }
                case FUZZY_MATCHING -> fuzzy = bool(FUZZY_MATCHING, single(name, values));
                case LIMIT -> {
                    int asked = number(LIMIT, single(name, values), 1);
                    if (asked > properties.maxLimit()) {
                        requestedLimit = asked;
                        limit = properties.maxLimit();
                    } else {
                        limit = asked;
                    }
                }
                case OFFSET -> offset = number(OFFSET, single(name, values), 0);
                default -> {
                    int tag = IndexProperties.tagOf(name);
                    if (tag < 0 || Tags.isPrivate(tag)) {
                        unknown.add(name);
                    } else if (values.size() == 1 && values.getFirst().isBlank() && !matchable(tag, level)) {
                        includeFields.add(tag); // an empty key asks for the attribute only (universal matching)
                    } else if (!matchable(tag, level)) {
                        notMatchable.add(name);
                    } else if (values.size() > 1 || !seen.add(tag)) {
                        repeated.add(name);
                    } else {
                        criteria.add(new Criterion(tag, values.getFirst().strip()));
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadRequestException("Unknown query parameters or attributes: " + String.join(", ", unknown));
        }
        if (!notMatchable.isEmpty()) {
            throw new BadRequestException("Attributes not supported as matching keys in a "
                    + level.name().toLowerCase(java.util.Locale.ROOT) + " query: " + String.join(", ", notMatchable));
        }
        if (!repeated.isEmpty()) {
            throw new BadRequestException("Attributes given more than once: " + String.join(", ", repeated));
        }
        return new QidoQuery(
                level,
                studyInstanceUid,
                seriesInstanceUid,
                List.copyOf(criteria),
                Set.copyOf(includeFields),
                includeAll,
                fuzzy,
                limit,
                offset,
                requestedLimit);
    }

    /** Whether a query of this level can match on the attribute: a column or an extra attribute of a joined level. */
    boolean matchable(int tag, QueryLevel level) {
        QidoAttribute column = QidoAttribute.of(tag).orElse(null);
        if (column != null) {
            return column.match() != QidoAttribute.Match.NONE && column.level().joinedInto(level);
        }
        return extraLevel(tag, level) != null;
    }

    /** The joined level, nearest to the query's own, whose extra attributes hold the tag; null when none does. */
    @Nullable
    QueryLevel extraLevel(int tag, QueryLevel level) {
        for (int i = level.ordinal(); i >= 0; i--) {
            QueryLevel candidate = QueryLevel.values()[i];
            List<Integer> tags = switch (candidate) {
                case STUDY -> extras.studyTags();
                case SERIES -> extras.seriesTags();
                case INSTANCE -> extras.instanceTags();
            };
            if (tags.contains(tag)) {
                return candidate;
            }
        }
        return null;
    }

    private static void requireUid(String what, @Nullable String uid) {
        if (uid != null && !Uids.isValid(uid)) {
            throw new BadRequestException("The " + what + " in the path is not a valid UID");
        }
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw new BadRequestException("The parameter " + name + " is given more than once");
        }
        return values.getFirst().strip();
    }

    private static boolean bool(String name, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException("The parameter " + name + " must be true or false");
        };
    }

    private static int number(String name, String value, int minimum) {
        try {
            int number = Integer.parseInt(value);
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("The parameter " + name + " must be an integer of at least " + minimum);
    }
}
