package health.isthmus.dicomweb.fhir;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The URL clients reach this service under, for the DICOMweb endpoint of an ImagingStudy; the same rules as WADO-RS's
 * BulkDataURIs. Spring applies X-Forwarded-Proto, -Host, -Port and -Prefix to the request
 * ({@code server.forward-headers-strategy: framework}); headers still present (another strategy) are read here, and
 * checked so that they can only contribute a scheme, a host[:port] and a path.
 */
final class ForwardedBase {

    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~\\-]+)*/?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private ForwardedBase() {}

    /** {@code scheme://host[:port][prefix][context path]}, without a trailing slash. */
    static String of(HttpServletRequest request) {
        String proto = first(request.getHeader("X-Forwarded-Proto"));
        String scheme = proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))
                ? proto.toLowerCase(Locale.ROOT)
                : request.getScheme();
        String host = first(request.getHeader("X-Forwarded-Host"));
        if (host != null && HOST.matcher(host).matches()) {
            String port = first(request.getHeader("X-Forwarded-Port"));
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            if (!hasPort && port != null && PORT.matcher(port).matches() && !defaultPort(scheme, port)) {
                host = host + ":" + port;
            }
        } else {
            String name = request.getServerName();
            if (name.contains(":") && !name.startsWith("[")) {
                name = "[" + name + "]";
            }
            String port = Integer.toString(request.getServerPort());
            host = name + (request.getServerPort() <= 0 || defaultPort(scheme, port) ? "" : ":" + port);
        }
        String prefix = first(request.getHeader("X-Forwarded-Prefix"));
        String path = (prefix != null && PREFIX.matcher(prefix).matches() ? prefix : "") + request.getContextPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + host + path;
    }

    private static boolean defaultPort(String scheme, String port) {
        return (scheme.equals("http") && port.equals("80")) || (scheme.equals("https") && port.equals("443"));
    }

    // the client-facing proxy's value of a comma-separated list
    private static @Nullable String first(@Nullable String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).strip();
        return value.isEmpty() ? null : value;
    }
}
