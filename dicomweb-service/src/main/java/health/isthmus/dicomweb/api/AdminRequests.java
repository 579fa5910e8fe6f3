package health.isthmus.dicomweb.api;

import health.isthmus.platform.web.BadRequestException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks of what admins send, each failing with a 400 problem naming the fault. */
final class AdminRequests {

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int MAX_REASON = 1000;

    private AdminRequests() {}

    static String uid(String name, String value) {
        if (value.length() > 64 || !UID.matcher(value).matches()) {
            throw new BadRequestException("'" + name + "' is not a DICOM UID");
        }
        return value;
    }

    static String reason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("a 'reason' is required");
        }
        if (reason.length() > MAX_REASON) {
            throw new BadRequestException("'reason' is longer than " + MAX_REASON + " characters");
        }
        return reason.strip();
    }
}
