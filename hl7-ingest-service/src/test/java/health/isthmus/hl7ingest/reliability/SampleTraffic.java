package health.isthmus.hl7ingest.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Registrations, updates, admissions and new orders made from the synthetic samples, each with a control id of its
 * own; about four messages per patient, and every order with an accession number and study of its own.
 */
final class SampleTraffic {

    private static final List<String> SAMPLES =
            List.of("adt_a04_register.hl7", "orm_o01_new_ct.hl7", "adt_a08_update.hl7", "adt_a01_admit_utf8.hl7");

    private SampleTraffic() {}

    /** {@code count} messages whose control ids start with {@code prefix} (unique per run). */
    static List<TestMessage> generate(String prefix, int count) {
        List<String> samples = SAMPLES.stream().map(SampleTraffic::sample).toList();
        List<TestMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String controlId = "%s-%05d".formatted(prefix, i);
            String patient = "%s-P%04d".formatted(prefix, i / SAMPLES.size());
            String text = replaceAll(
                    samples.get(i % SAMPLES.size()),
                    Map.of(
                            "MSG-A04-0001",
                            controlId,
                            "MSG-A08-0001",
                            controlId,
                            "MSG-A01-0001",
                            controlId,
                            "MSG-ORM-0001",
                            controlId,
                            "MRN100001^",
                            patient + "^",
                            "MRN100003^",
                            patient + "^",
                            "ACC-9001",
                            "%s-ACC%05d".formatted(prefix, i),
                            "1.2.826.0.1.3680043.10.1234.1.9001",
                            "1.2.826.0.1.3680043.10.1234.2." + (100000 + i)));
            String[] msh = text.substring(0, text.indexOf('\r')).split("\\|", -1);
            messages.add(new TestMessage(
                    TestMessage.key(msh[2], msh[3], controlId), controlId, text.getBytes(StandardCharsets.UTF_8)));
        }
        return messages;
    }

    private static String replaceAll(String text, Map<String, String> replacements) {
        String result = text;
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            result = result.replace(replacement.getKey(), replacement.getValue());
        }
        return result;
    }

    private static String sample(String name) {
        try (InputStream in = SampleTraffic.class.getResourceAsStream("/hl7/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sample /hl7/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
