package health.isthmus.dicomweb.wado;

import health.isthmus.dicom.data.Tags;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Copies an instance's stored header (DICOM JSON) into a metadata response, token by token: relative BulkDataURIs
 * become absolute under the instance's URL, and the patient attributes are replaced by the study row's unless the
 * original is asked for.
 */
final class MetadataWriter {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final String RELATIVE_PREFIX = "bulkdata/";

    private MetadataWriter() {}

    /**
     * Writes one data set object.
     *
     * @param storedJson the header as stored in the index
     * @param instanceUrl the absolute URL of the instance, without a trailing slash
     * @param patient the values to coerce to, or null for the header as stored
     */
    static void write(JsonGenerator out, String storedJson, String instanceUrl, @Nullable PatientValues patient) {
        try (JsonParser in = FACTORY.createParser(ObjectReadContext.empty(), storedJson)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored metadata is not a JSON object");
            }
            out.writeStartObject();
            Iterator<PatientValues.Attribute> pending = PatientValues.ATTRIBUTES.iterator();
            PatientValues.Attribute next = patient == null ? null : pending.next();
            JsonToken token;
            while ((token = in.nextToken()) == JsonToken.PROPERTY_NAME) {
                String tag = in.currentName();
                // coerced attributes the header lacks are inserted in tag order
                while (next != null && Tags.toHex(next.tag()).compareTo(tag) < 0) {
                    writeCoerced(out, next, patient);
                    next = pending.hasNext() ? pending.next() : null;
                }
                if (next != null && Tags.toHex(next.tag()).equals(tag)) {
                    in.nextToken();
                    in.skipChildren();
                    writeCoerced(out, next, patient, true);
                    next = pending.hasNext() ? pending.next() : null;
                    continue;
                }
                out.writeName(tag);
                in.nextToken();
                copyValue(in, out, instanceUrl);
            }
            while (next != null) {
                writeCoerced(out, next, patient);
                next = pending.hasNext() ? pending.next() : null;
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalStateException("stored metadata is not a JSON object");
            }
            out.writeEndObject();
        }
    }

    private static void writeCoerced(JsonGenerator out, PatientValues.Attribute attribute, PatientValues patient) {
        writeCoerced(out, attribute, patient, false);
    }

    private static void writeCoerced(
            JsonGenerator out, PatientValues.Attribute attribute, PatientValues patient, boolean present) {
        String value = patient.value(attribute.tag());
        if (value == null && !present) {
            return;
        }
        out.writeName(Tags.toHex(attribute.tag()));
        out.writeStartObject();
        out.writeName("vr");
        out.writeString(attribute.vr().name());
        if (value != null) {
            out.writeName("Value");
            out.writeStartArray();
            if (attribute.vr() == health.isthmus.dicom.data.VR.PN) {
                writePersonName(out, value);
            } else {
                out.writeString(value);
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static void writePersonName(JsonGenerator out, String value) {
        String[] groups = value.split("=", -1);
        String[] names = {"Alphabetic", "Ideographic", "Phonetic"};
        out.writeStartObject();
        for (int i = 0; i < Math.min(groups.length, names.length); i++) {
            if (!groups[i].isEmpty()) {
                out.writeName(names[i]);
                out.writeString(groups[i]);
            }
        }
        out.writeEndObject();
    }

    /** Copies the value the parser stands on, making BulkDataURIs absolute on the way. */
    private static void copyValue(JsonParser in, JsonGenerator out, String instanceUrl) {
        JsonToken token = in.currentToken();
        if (token == JsonToken.START_OBJECT) {
            out.writeStartObject();
            while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = in.currentName();
                out.writeName(name);
                in.nextToken();
                if ("BulkDataURI".equals(name) && in.currentToken() == JsonToken.VALUE_STRING) {
                    String uri = in.getString();
                    out.writeString(uri.startsWith(RELATIVE_PREFIX) ? instanceUrl + "/" + uri : uri);
                } else {
                    copyValue(in, out, instanceUrl);
                }
            }
            out.writeEndObject();
        } else if (token == JsonToken.START_ARRAY) {
            out.writeStartArray();
            while (in.nextToken() != JsonToken.END_ARRAY) {
                copyValue(in, out, instanceUrl);
            }
            out.writeEndArray();
        } else {
            out.copyCurrentEventExact(in);
        }
    }
}
