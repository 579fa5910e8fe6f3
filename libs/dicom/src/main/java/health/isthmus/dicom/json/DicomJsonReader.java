package health.isthmus.dicom.json;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads DICOM JSON (PS3.18 F.2) into {@link Attributes}: a single data set object, or an array of them.
 *
 * <p>BulkDataURI values become {@link BulkData} references carrying the URI; InlineBinary is decoded to bytes.
 * Malformed input ends in a {@link DicomJsonException}; nesting, string and document sizes are bounded.
 */
public final class DicomJsonReader {

    /** Deepest sequence nesting accepted. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH * 4 + 8)
                    .maxStringLength(512 * 1024 * 1024)
                    .maxNumberLength(400)
                    .build())
            .build();

    /** Reads one data set object. */
    public Attributes read(InputStream in) {
        try (JsonParser json = FACTORY.createParser(ObjectReadContext.empty(), in)) {
            expect(json, json.nextToken(), JsonToken.START_OBJECT, "a data set object");
            Attributes dataset = readDataset(json, 0);
            if (json.nextToken() != null) {
                throw fail(json, "content after the data set");
            }
            return dataset;
        } catch (JacksonException e) {
            throw new DicomJsonException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads one data set object from a string. */
    public Attributes read(String json) {
        return read(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Reads an array of data set objects (a QIDO-RS or metadata response). */
    public List<Attributes> readArray(InputStream in) {
        try (JsonParser json = FACTORY.createParser(ObjectReadContext.empty(), in)) {
            expect(json, json.nextToken(), JsonToken.START_ARRAY, "an array of data sets");
            List<Attributes> datasets = new ArrayList<>();
            JsonToken token;
            while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
                expect(json, token, JsonToken.START_OBJECT, "a data set object");
                datasets.add(readDataset(json, 0));
            }
            return datasets;
        } catch (JacksonException e) {
            throw new DicomJsonException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private Attributes readDataset(JsonParser json, int depth) {
        Attributes dataset = new Attributes();
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_OBJECT) {
            expect(json, token, JsonToken.PROPERTY_NAME, "a tag");
            String key = json.currentName();
            int tag;
            try {
                tag = Tags.parseHex(key);
            } catch (NumberFormatException e) {
                throw fail(json, "'" + key + "' is not a tag of eight hex digits");
            }
            expect(json, json.nextToken(), JsonToken.START_OBJECT, "an attribute object for " + key);
            readAttribute(json, dataset, tag, depth);
        }
        return dataset;
    }

    private void readAttribute(JsonParser json, Attributes dataset, int tag, int depth) {
        VR vr = null;
        List<Object> values = null;
        byte[] inline = null;
        String uri = null;
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_OBJECT) {
            expect(json, token, JsonToken.PROPERTY_NAME, "vr, Value, InlineBinary or BulkDataURI");
            String name = json.currentName();
            JsonToken valueToken = json.nextToken();
            switch (name) {
                case "vr" -> {
                    expect(json, valueToken, JsonToken.VALUE_STRING, "a VR");
                    vr = VR.fromCode(json.getString());
                    if (vr == null) {
                        throw fail(json, "unknown VR '" + json.getString() + "' for " + Tags.toString(tag));
                    }
                }
                case "Value" -> {
                    expect(json, valueToken, JsonToken.START_ARRAY, "a Value array");
                    if (vr == null) {
                        throw fail(json, "\"vr\" must come before \"Value\" in " + Tags.toString(tag));
                    }
                    values = readValues(json, dataset, tag, vr, depth);
                }
                case "InlineBinary" -> {
                    expect(json, valueToken, JsonToken.VALUE_STRING, "base64 text");
                    try {
                        inline = Base64.getMimeDecoder().decode(json.getString());
                    } catch (IllegalArgumentException e) {
                        throw fail(json, "InlineBinary of " + Tags.toString(tag) + " is not base64");
                    }
                }
                case "BulkDataURI" -> {
                    expect(json, valueToken, JsonToken.VALUE_STRING, "a URI");
                    uri = json.getString();
                }
                default -> json.skipChildren(); // unknown members are ignored, as PS3.18 allows extensions
            }
        }
        if (vr == null) {
            throw fail(json, "attribute " + Tags.toString(tag) + " has no \"vr\"");
        }
        if (vr == VR.SQ) {
            if (dataset.getSequence(tag) == null) {
                dataset.newSequence(tag, 0);
            }
            return;
        }
        if (inline != null && !vr.isBulk()) {
            throw fail(
                    json, "InlineBinary is for OB, OD, OF, OL, OV, OW and UN, not " + vr + " of " + Tags.toString(tag));
        }
        if (uri != null) {
            dataset.setBulkData(tag, vr, BulkData.ofUri(uri));
        } else if (inline != null) {
            dataset.setBytes(tag, vr, inline);
        } else if (values == null || values.isEmpty()) {
            dataset.setNull(tag, vr);
        } else {
            setValues(json, dataset, tag, vr, values);
        }
    }

    private List<Object> readValues(JsonParser json, Attributes dataset, int tag, VR vr, int depth) {
        List<Object> values = new ArrayList<>();
        if (vr == VR.SQ) {
            if (depth + 1 > MAX_DEPTH) {
                throw fail(json, "sequences nested deeper than " + MAX_DEPTH);
            }
            Sequence sequence = dataset.newSequence(tag, 4);
            JsonToken token;
            while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.VALUE_NULL) {
                    sequence.addItem();
                    continue;
                }
                expect(json, token, JsonToken.START_OBJECT, "an item object");
                sequence.add(readDataset(json, depth + 1));
            }
            return values;
        }
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            switch (token) {
                case VALUE_NULL -> values.add("");
                case VALUE_STRING -> values.add(json.getString());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> values.add(numberText(json.getString(), vr));
                case START_OBJECT -> {
                    if (vr != VR.PN) {
                        throw fail(json, "an object value is only allowed for PN, not " + vr);
                    }
                    values.add(readPersonName(json));
                }
                default -> throw fail(json, "unexpected " + token + " in the Value of " + Tags.toString(tag));
            }
        }
        return values;
    }

    private String readPersonName(JsonParser json) {
        String alphabetic = "";
        String ideographic = "";
        String phonetic = "";
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_OBJECT) {
            expect(json, token, JsonToken.PROPERTY_NAME, "Alphabetic, Ideographic or Phonetic");
            String group = json.currentName();
            JsonToken value = json.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            expect(json, value, JsonToken.VALUE_STRING, "a name component group");
            switch (group) {
                case "Alphabetic" -> alphabetic = componentGroup(json, "Alphabetic");
                case "Ideographic" -> ideographic = componentGroup(json, "Ideographic");
                case "Phonetic" -> phonetic = componentGroup(json, "Phonetic");
                default -> {
                    // unknown groups are ignored
                }
            }
        }
        String joined = alphabetic + "=" + ideographic + "=" + phonetic;
        int end = joined.length();
        while (end > 0 && joined.charAt(end - 1) == '=') {
            end--;
        }
        return joined.substring(0, end);
    }

    /** The current string as one component group of a person name. */
    private static String componentGroup(JsonParser json, String group) {
        String text = json.getString();
        if (text.indexOf('=') >= 0) {
            // '=' separates the groups in the stored value (PS3.5 6.2): inside one it would shift the others
            throw fail(json, "the " + group + " group of a person name contains '='");
        }
        return text;
    }

    private void setValues(JsonParser json, Attributes dataset, int tag, VR vr, List<Object> values) {
        String[] strings = new String[values.size()];
        for (int i = 0; i < strings.length; i++) {
            Object v = values.get(i);
            strings[i] = (String) v;
        }
        try {
            dataset.setString(tag, vr, strings);
        } catch (RuntimeException e) {
            throw fail(json, "values of " + Tags.toString(tag) + " do not fit " + vr + ": " + e.getMessage());
        }
    }

    /** The number as written (IS and DS keep their text); integral values of binary integer VRs lose a ".0". */
    private static String numberText(String text, VR vr) {
        if (vr == VR.IS || vr == VR.DS || vr == VR.FL || vr == VR.FD) {
            return text;
        }
        try {
            java.math.BigDecimal number = new java.math.BigDecimal(text);
            if (number.precision() - number.scale() > 40) {
                return text; // far beyond any binary integer VR; the setter refuses it
            }
            return number.stripTrailingZeros().scale() <= 0
                    ? number.toBigIntegerExact().toString()
                    : text;
        } catch (ArithmeticException | NumberFormatException e) {
            return text;
        }
    }

    private static void expect(JsonParser json, @Nullable JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw fail(json, "expected " + what + " but found " + (actual == null ? "the end" : actual));
        }
    }

    private static DicomJsonException fail(JsonParser json, String message) {
        return new DicomJsonException(message + " (at " + json.currentLocation().offsetDescription() + ")");
    }
}
