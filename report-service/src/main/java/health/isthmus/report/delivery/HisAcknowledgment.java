package health.isthmus.report.delivery;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What the HIS answered, read from the raw acknowledgment (MSA, ERR) without a message model, so that any HL7
 * version's ACK is understood.
 *
 * @param code MSA-1: AA, AE, AR (original mode) or CA, CE, CR (enhanced mode)
 * @param controlId MSA-2, the control id acknowledged
 * @param reason MSA-3, ERR-8 (user message), ERR-7 (diagnostics), the text and original text of ERR-3 (or of the 2.3 ERR-1), those present, joined; absent for a
 *     plain AA
 */
record HisAcknowledgment(
        String code, String controlId, @Nullable String reason) {

    /** Whether the HIS accepted the message. */
    boolean accepted() {
        return "AA".equals(code) || "CA".equals(code);
    }

    /** Whether the HIS refused it (AE, AR, CE, CR): sending it again would not help. */
    boolean refused() {
        return !accepted();
    }

    /**
     * Reads an acknowledgment.
     *
     * @throws IllegalArgumentException when the reply has no MSA segment with a code
     */
    static HisAcknowledgment parse(byte[] reply) {
        String text = new String(reply, StandardCharsets.UTF_8);
        char separator = text.startsWith("MSH") && text.length() > 3 ? text.charAt(3) : '|';
        String[] msa = null;
        String[] err = null;
        for (String segment : text.split("[\r\n]+")) {
            if (segment.startsWith("MSA" + separator)) {
                msa = segment.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
            } else if (segment.startsWith("ERR" + separator) && err == null) {
                err = segment.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
            }
        }
        if (msa == null || msa.length < 2 || msa[1].isBlank()) {
            throw new IllegalArgumentException("the reply is not an acknowledgment (no MSA-1)");
        }
        String code = msa[1].trim();
        String controlId = msa.length > 2 ? msa[2].trim() : "";
        java.util.LinkedHashSet<String> reasons = new java.util.LinkedHashSet<>();
        addIfPresent(reasons, field(msa, 3));
        if (err != null) {
            addIfPresent(reasons, field(err, 8));
            addIfPresent(reasons, field(err, 7));
            addIfPresent(reasons, component(field(err, 3), 1));
            // CWE-9, the original text: where HAPI's acknowledgments put the error's own message
            addIfPresent(reasons, component(field(err, 3), 8));
            addIfPresent(reasons, subcomponentOfCode(field(err, 1)));
        }
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        return new HisAcknowledgment(code, controlId, reason);
    }

    private static void addIfPresent(java.util.Set<String> reasons, @Nullable String reason) {
        if (reason != null) {
            reasons.add(reason);
        }
    }

    private static @Nullable String field(String[] fields, int index) {
        return fields.length > index && !fields[index].isBlank() ? fields[index].trim() : null;
    }

    private static @Nullable String component(@Nullable String field, int index) {
        if (field == null) {
            return null;
        }
        String[] components = field.split("\\^", -1);
        return components.length > index && !components[index].isBlank() ? components[index] : null;
    }

    // HL7 2.3 ERR-1: segment^sequence^field^code&text&system
    private static @Nullable String subcomponentOfCode(@Nullable String field) {
        String code = component(field, 3);
        if (code == null) {
            return null;
        }
        String[] parts = code.split("&", -1);
        return parts.length > 1 && !parts[1].isBlank() ? parts[1] : code;
    }
}
