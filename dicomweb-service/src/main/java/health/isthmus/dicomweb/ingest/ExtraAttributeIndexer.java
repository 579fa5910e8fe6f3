package health.isthmus.dicomweb.ingest;

import health.isthmus.dicom.data.Tags;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copies the configured extra attributes of an instance's header (as DICOM JSON) into the {@code extra_attributes}
 * columns of its rows; a study's and a series' are set by their first instance. Does nothing when none are configured.
 */
@Component
class ExtraAttributeIndexer {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final IndexProperties.ExtraAttributes extras;

    ExtraAttributeIndexer(JdbcClient jdbc, IndexProperties properties) {
        this.jdbc = jdbc;
        this.extras = properties.extraAttributes();
    }

    void index(InstanceHeader header, long studyPk, long seriesPk) {
        if (extras.isEmpty()) {
            return;
        }
        JsonNode metadata = JSON.readTree(header.metadataJson());
        if (!extras.study().isEmpty()) {
            jdbc.sql("update study set extra_attributes = ?::jsonb where study_pk = ? and extra_attributes = '{}'")
                    .param(pick(metadata, extras.studyTags()))
                    .param(studyPk)
                    .update();
        }
        if (!extras.series().isEmpty()) {
            jdbc.sql("update series set extra_attributes = ?::jsonb where series_pk = ? and extra_attributes = '{}'")
                    .param(pick(metadata, extras.seriesTags()))
                    .param(seriesPk)
                    .update();
        }
        if (!extras.instance().isEmpty()) {
            jdbc.sql("update instance set extra_attributes = ?::jsonb where sop_instance_uid = ?")
                    .param(pick(metadata, extras.instanceTags()))
                    .param(header.sopInstanceUid())
                    .update();
        }
    }

    private static String pick(JsonNode metadata, List<Integer> tags) {
        ObjectNode picked = JSON.createObjectNode();
        for (int tag : tags) {
            JsonNode element = metadata.get(Tags.toHex(tag));
            if (element != null && !element.has("BulkDataURI")) {
                picked.set(Tags.toHex(tag), element);
            }
        }
        return JSON.writeValueAsString(picked);
    }
}
