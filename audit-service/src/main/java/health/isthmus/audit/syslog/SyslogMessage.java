package health.isthmus.audit.syslog;

import health.isthmus.events.audit.AuditEventRecorded;
import health.isthmus.events.audit.AuditOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;

/**
 * An RFC 5424 syslog message carrying a PS3.15 audit message, as IHE ATNA asks: facility 10 (security/authorization),
 * severity notice for successes and warning for failures, MSGID {@code IHE+RFC-3881}, no structured data, and the
 * XML as a UTF-8 MSG that starts with a byte order mark.
 */
public final class SyslogMessage {

    private static final int FACILITY_AUTHPRIV = 10;
    private static final int SEVERITY_WARNING = 4;
    private static final int SEVERITY_NOTICE = 5;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SyslogMessage() {}

    /** The message bytes, without transport framing. */
    public static byte[] of(AuditEventRecorded record, String hostname, String appName) {
        int severity = record.outcome() == AuditOutcome.SUCCESS ? SEVERITY_NOTICE : SEVERITY_WARNING;
        String header = "<" + (FACILITY_AUTHPRIV * 8 + severity) + ">1 "
                + record.occurredAt().truncatedTo(ChronoUnit.MICROS) + " "
                + field(hostname, 255) + " "
                + field(appName, 48) + " - IHE+RFC-3881 - ";
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(BOM);
        message.writeBytes(AuditMessageXml.of(record).getBytes(StandardCharsets.UTF_8));
        return message.toByteArray();
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters, {@code -} when empty. */
    static String field(String value, int max) {
        StringBuilder printable = new StringBuilder();
        value.chars().filter(c -> c > 32 && c < 127).limit(max).forEach(c -> printable.append((char) c));
        return printable.isEmpty() ? "-" : printable.toString();
    }
}
