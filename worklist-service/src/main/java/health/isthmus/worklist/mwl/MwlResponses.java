package health.isthmus.worklist.mwl;

import health.isthmus.dicom.charset.SpecificCharacterSet;
import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Sequence;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;

/**
 * Builds a C-FIND response from a matching item: every key of the identifier, with the item's value when known
 * and zero length otherwise (PS3.4 C.2.2.1.2, K.6.1.2.2), in the query's character set when it can hold the values
 * and in ISO_IR 192 (UTF-8) when it cannot.
 */
public final class MwlResponses {

    /** The character set answered when the query's cannot hold a value. */
    public static final String UTF_8 = "ISO_IR 192";

    private MwlResponses() {}

    public static Attributes response(Attributes identifier, Attributes item) {
        Attributes response = project(identifier, item);
        String[] asked = identifier.getStrings(Tag.SpecificCharacterSet);
        SpecificCharacterSet queried =
                asked == null || asked.length == 0 ? SpecificCharacterSet.DEFAULT : SpecificCharacterSet.of(asked);
        if (holds(queried, response)) {
            if (asked != null && asked.length > 0) {
                response.setString(Tag.SpecificCharacterSet, VR.CS, asked);
            }
        } else {
            response.setString(Tag.SpecificCharacterSet, VR.CS, UTF_8);
        }
        return response;
    }

    private static Attributes project(Attributes keys, Attributes item) {
        Attributes out = new Attributes(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            int tag = keys.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || (tag & 0xFFFF) == 0) {
                continue;
            }
            VR vr = keys.vrAt(i);
            if (vr == VR.SQ) {
                Sequence wanted = keys.getSequence(tag);
                Sequence known = item.getSequence(tag);
                Sequence answer = out.newSequence(tag, known == null ? 0 : known.size());
                if (known == null) {
                    continue;
                }
                boolean everything =
                        wanted == null || wanted.size() == 0 || wanted.get(0).isEmpty();
                for (int j = 0; j < known.size(); j++) {
                    Attributes knownItem = known.get(j);
                    if (everything) {
                        answer.add(new Attributes(knownItem));
                    } else if (MwlMatcher.matches(wanted.get(0), knownItem)) {
                        answer.add(project(wanted.get(0), knownItem));
                    }
                }
            } else {
                String[] value = item.getStrings(tag);
                if (value == null || value.length == 0) {
                    out.setNull(tag, vr);
                } else {
                    VR itemVr = item.vr(tag);
                    out.setString(tag, itemVr == null ? vr : itemVr, value);
                }
            }
        }
        return out;
    }

    /** Whether every character-set sensitive value survives encoding in the character set. */
    static boolean holds(SpecificCharacterSet charset, Attributes attributes) {
        for (int i = 0; i < attributes.size(); i++) {
            VR vr = attributes.vrAt(i);
            if (vr == VR.SQ) {
                Sequence items = attributes.getSequence(attributes.tagAt(i));
                if (items != null) {
                    for (int j = 0; j < items.size(); j++) {
                        if (!holds(charset, items.get(j))) {
                            return false;
                        }
                    }
                }
            } else if (vr.isString() && vr.isCharacterSetSensitive()) {
                for (String value : attributes.stringsAt(i)) {
                    if (!holds(charset, value)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean holds(SpecificCharacterSet charset, String value) {
        if (value.chars().allMatch(c -> c < 0x80)) {
            return true;
        }
        if (charset.isDefault()) {
            return false;
        }
        return charset.decode(charset.encode(value)).equals(value);
    }
}
