package health.isthmus.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/** The CloudEvents 1.0 Kafka binary binding: envelope attributes travel as {@code ce_*} record headers. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    /** Extension attribute: the correlation id of the request that caused the event. */
    public static final String CORRELATION_ID = "ce_correlationid";

    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {}

    /** The headers of one event. */
    public static RecordHeaders of(
            String id, String type, String source, Instant time, String subject, @Nullable String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        add(headers, SPEC_VERSION, "1.0");
        add(headers, ID, id);
        add(headers, TYPE, type);
        add(headers, SOURCE, source);
        add(headers, TIME, time.toString());
        add(headers, SUBJECT, subject);
        add(headers, CONTENT_TYPE, "application/json");
        if (correlationId != null) {
            add(headers, CORRELATION_ID, correlationId);
        }
        return headers;
    }

    /** The value of a header as text, if present. */
    public static Optional<String> read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static void add(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
