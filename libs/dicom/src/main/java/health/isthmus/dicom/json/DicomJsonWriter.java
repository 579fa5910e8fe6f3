package health.isthmus.dicom.json;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.BulkData;
import health.isthmus.dicom.data.Fragments;
import health.isthmus.dicom.data.PersonName;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tags;
import health.isthmus.dicom.data.VR;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes data sets as DICOM JSON (PS3.18 F.2): tags as eight upper-case hex digits, "vr", and "Value",
 * "InlineBinary" or "BulkDataURI". Person names become objects of their component groups; IS, DS and the binary
 * numbers become JSON numbers; empty values in a multi-valued string become null.
 */
public final class DicomJsonWriter {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final BulkDataUris bulkDataUris;

    /** A writer that inlines binary values held as bytes. */
    public DicomJsonWriter() {
        this(BulkDataUris.NONE);
    }

    /** A writer that asks where binary values go. */
    public DicomJsonWriter(BulkDataUris bulkDataUris) {
        this.bulkDataUris = bulkDataUris;
    }

    /** Writes one data set as a JSON object. */
    public void write(Attributes dataset, OutputStream out) {
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            writeDataset(json, dataset);
        } catch (JacksonException e) {
            throw new DicomJsonException("cannot write DICOM JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes data sets as a JSON array, as a QIDO-RS or metadata response. */
    public void writeArray(Iterable<Attributes> datasets, OutputStream out) {
        try (JsonGenerator json = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartArray();
            for (Attributes dataset : datasets) {
                writeDataset(json, dataset);
            }
            json.writeEndArray();
        } catch (JacksonException e) {
            throw new DicomJsonException("cannot write DICOM JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The data set as a JSON string. */
    public String toJson(Attributes dataset) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        write(dataset, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void writeDataset(JsonGenerator json, Attributes dataset) {
        json.writeStartObject();
        for (int i = 0; i < dataset.size(); i++) {
            int tag = dataset.tagAt(i);
            if (Tags.element(tag) == 0 && dataset.vrAt(i) == VR.UL) {
                continue; // group lengths are not part of DICOM JSON
            }
            json.writeName(Tags.toHex(tag));
            writeElement(json, dataset, i);
        }
        json.writeEndObject();
    }

    private void writeElement(JsonGenerator json, Attributes dataset, int index) {
        int tag = dataset.tagAt(index);
        VR vr = dataset.vrAt(index);
        Object value = dataset.valueAt(index);
        json.writeStartObject();
        json.writeName("vr");
        json.writeString(vr.name());
        switch (value) {
            case Sequence sequence -> {
                if (!sequence.isEmpty()) {
                    json.writeName("Value");
                    json.writeStartArray();
                    for (Attributes item : sequence) {
                        writeDataset(json, item);
                    }
                    json.writeEndArray();
                }
            }
            case Fragments fragments -> {
                String uri = bulkDataUris.uriFor(dataset, tag, vr, fragments);
                if (uri != null) {
                    json.writeName("BulkDataURI");
                    json.writeString(uri);
                }
            }
            case BulkData bulk -> {
                String uri = bulkDataUris.uriFor(dataset, tag, vr, bulk);
                if (uri == null) {
                    uri = bulk.uri();
                }
                if (uri == null) {
                    throw new DicomJsonException(Tags.toString(tag) + " is a bulk data reference without a URI");
                }
                json.writeName("BulkDataURI");
                json.writeString(uri);
            }
            default -> writeValue(json, dataset, index, tag, vr, value);
        }
        json.writeEndObject();
    }

    private void writeValue(JsonGenerator json, Attributes dataset, int index, int tag, VR vr, Object value) {
        if (isInlineBinaryVr(vr)) {
            byte[] bytes = (byte[]) value;
            String uri = bulkDataUris.uriFor(dataset, tag, vr, bytes);
            if (uri != null) {
                json.writeName("BulkDataURI");
                json.writeString(uri);
            } else if (bytes.length > 0) {
                json.writeName("InlineBinary");
                json.writeBinary(bytes);
            }
            return;
        }
        String[] strings = dataset.stringsAt(index);
        if (strings.length == 0 || (strings.length == 1 && isEmpty(vr, strings[0]))) {
            return;
        }
        json.writeName("Value");
        json.writeStartArray();
        switch (vr) {
            case PN -> {
                for (String s : strings) {
                    writePersonName(json, s);
                }
            }
            case IS, DS -> {
                for (String s : strings) {
                    writeDecimal(json, s);
                }
            }
            case US, SS, UL, SL, UV, SV -> {
                for (String s : strings) {
                    json.writeNumber(s);
                }
            }
            case FL, FD -> writeFloats(json, (byte[]) value, vr);
            default -> {
                for (String s : strings) {
                    if (s.isEmpty()) {
                        json.writeNull();
                    } else {
                        json.writeString(s);
                    }
                }
            }
        }
        json.writeEndArray();
    }

    private static boolean isInlineBinaryVr(VR vr) {
        return vr == VR.OB || vr == VR.OD || vr == VR.OF || vr == VR.OL || vr == VR.OV || vr == VR.OW || vr == VR.UN;
    }

    /**
     * Whether a value is empty as JSON sees it: no text, a number of only spaces (written as null, like an empty one),
     * or a person name whose component groups are all empty.
     */
    private static boolean isEmpty(VR vr, String value) {
        if (vr == VR.IS || vr == VR.DS) {
            return value.isBlank();
        }
        if (vr == VR.PN) {
            PersonName name = PersonName.parse(value);
            return name.alphabetic().isEmpty()
                    && name.ideographic().isEmpty()
                    && phonetic(name).isEmpty();
        }
        return value.isEmpty();
    }

    private static void writePersonName(JsonGenerator json, String text) {
        if (isEmpty(VR.PN, text)) {
            json.writeNull();
            return;
        }
        PersonName name = PersonName.parse(text);
        json.writeStartObject();
        if (!name.alphabetic().isEmpty()) {
            json.writeName("Alphabetic");
            json.writeString(name.alphabetic().toString());
        }
        if (!name.ideographic().isEmpty()) {
            json.writeName("Ideographic");
            json.writeString(name.ideographic().toString());
        }
        String phonetic = phonetic(name);
        if (!phonetic.isEmpty()) {
            json.writeName("Phonetic");
            json.writeString(phonetic);
        }
        json.writeEndObject();
    }

    /**
     * The phonetic group as JSON carries it: a stored name has at most three groups (PS3.5 6.2.1), so whatever a
     * malformed value has after a third '=' is left out rather than written into the phonetic group, where a reader
     * would take it for the separator it is.
     */
    private static String phonetic(PersonName name) {
        String phonetic = name.phonetic().toString();
        int further = phonetic.indexOf('=');
        return further < 0
                ? phonetic
                : PersonName.ComponentGroup.parse(phonetic.substring(0, further))
                        .toString();
    }

    private static void writeDecimal(JsonGenerator json, String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            json.writeNull();
        } else if (JSON_NUMBER.matcher(s).matches()) {
            json.writeNumber(s);
        } else {
            try {
                json.writeNumber(new BigDecimal(s.startsWith("+") ? s.substring(1) : s));
            } catch (NumberFormatException e) {
                json.writeString(s); // a malformed IS or DS keeps its text rather than being lost
            }
        }
    }

    private static void writeFloats(JsonGenerator json, byte[] bytes, VR vr) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= vr.bytesPerValue()) {
            double v = vr == VR.FL ? buffer.getFloat() : buffer.getDouble();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                json.writeString(Double.toString(v)); // JSON has no NaN or Infinity
            } else if (vr == VR.FL) {
                json.writeNumber((float) v);
            } else {
                json.writeNumber(v);
            }
        }
    }
}
