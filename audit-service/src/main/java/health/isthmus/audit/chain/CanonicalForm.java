package health.isthmus.audit.chain;

import health.isthmus.events.audit.AuditEventRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The exact text a record is hashed and stored as: JSON with the keys of every object sorted and no white space,
 * holding the sequence number, the event id, the time of storage and the record as published. Sorting makes the
 * text independent of the producer's field order, so a record read back and written again hashes the same.
 */
@Component
public class CanonicalForm {

    private final JsonMapper json;

    public CanonicalForm(JsonMapper json) {
        this.json = json;
    }

    /** The canonical text of one stored record. */
    public String of(long sequence, String eventId, Instant recordedAt, AuditEventRecorded record) {
        ObjectNode stored = json.createObjectNode();
        stored.put("sequence", sequence);
        stored.put("eventId", eventId);
        stored.put("recordedAt", recordedAt.toString());
        stored.set("record", json.valueToTree(record));
        return json.writeValueAsString(sorted(stored));
    }

    /** The stored record a canonical text describes. */
    public StoredRecord read(String canonical) {
        JsonNode stored = json.readTree(canonical);
        return new StoredRecord(
                stored.get("sequence").asLong(),
                stored.get("eventId").asString(),
                Instant.parse(stored.get("recordedAt").asString()),
                json.treeToValue(stored.get("record"), AuditEventRecorded.class));
    }

    private JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = json.createObjectNode();
            List<String> names = new ArrayList<>(object.propertyNames());
            names.sort(null);
            names.forEach(name -> copy.set(name, sorted(object.get(name))));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = json.createArrayNode();
            array.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
