package health.isthmus.dicomweb.ingest;

import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.dictionary.ElementDictionary;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the index holds beyond its columns ({@code isthmus.dicomweb.index}).
 *
 * @param extraAttributes per level, attributes (keywords or eight-digit tags) copied from each instance's header into
 *     the {@code extra_attributes} column of its study, series and instance rows, for QIDO-RS to match and return
 */
@ConfigurationProperties("isthmus.dicomweb.index")
public record IndexProperties(@DefaultValue ExtraAttributes extraAttributes) {

    private static final Pattern HEX_TAG = Pattern.compile("[0-9A-Fa-f]{8}");

    /**
     * The extra attributes of each level. A study's and a series' values come from their first instance.
     *
     * @param study study-level attributes
     * @param series series-level attributes
     * @param instance instance-level attributes
     */
    public record ExtraAttributes(
            @DefaultValue List<String> study,
            @DefaultValue List<String> series,
            @DefaultValue List<String> instance) {

        public ExtraAttributes {
            for (List<String> level : List.of(study, series, instance)) {
                for (String attribute : level) {
                    if (tagOf(attribute) < 0) {
                        throw new IllegalArgumentException(
                                "isthmus.dicomweb.index.extra-attributes: unknown attribute " + attribute);
                    }
                }
            }
        }

        public List<Integer> studyTags() {
            return study.stream().map(IndexProperties::tagOf).toList();
        }

        public List<Integer> seriesTags() {
            return series.stream().map(IndexProperties::tagOf).toList();
        }

        public List<Integer> instanceTags() {
            return instance.stream().map(IndexProperties::tagOf).toList();
        }

        public boolean isEmpty() {
            return study.isEmpty() && series.isEmpty() && instance.isEmpty();
        }
    }

    /** The tag of a standard keyword or of eight hex digits ({@code 00100020}), or -1. */
    public static int tagOf(String keywordOrTag) {
        String name = keywordOrTag.strip();
        if (HEX_TAG.matcher(name).matches()) {
            return Tags.parseHex(name.toUpperCase(Locale.ROOT));
        }
        return ElementDictionary.tagOf(name);
    }
}
