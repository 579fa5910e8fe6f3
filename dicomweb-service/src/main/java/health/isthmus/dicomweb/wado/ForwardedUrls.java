package health.isthmus.dicomweb.wado;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The URL clients reach this service under, for absolute BulkDataURIs. The gateway in front sets X-Forwarded-Proto,
 * X-Forwarded-Host (and -Port) and, when it strips a path prefix, X-Forwarded-Prefix. With
 * {@code server.forward-headers-strategy: framework} Spring applies them to the request (scheme, server name and port,
 * context path) and removes them; should they still be present (another strategy), they are read here. Values are
 * checked so that a header cannot inject anything but a scheme, a host[:port] and a path into the URIs.
 */
final class ForwardedUrls {

    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~\\-]+)*/?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private ForwardedUrls() {}

    /** {@code scheme://host[:port][prefix][context path]}, without a trailing slash. */
    static String base(HttpServletRequest request) {
        String proto = first(request.getHeader("X-Forwarded-Proto"));
        String scheme = proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))
                ? proto.toLowerCase(Locale.ROOT)
                : request.getScheme();
        String host = first(request.getHeader("X-Forwarded-Host"));
        if (host == null || !HOST.matcher(host).matches()) {
            String name = request.getServerName();
            if (name.contains(":") && !name.startsWith("[")) {
                name = "[" + name + "]";
            }
            int port = request.getServerPort();
            host = name + (port <= 0 || isDefault(scheme, Integer.toString(port)) ? "" : ":" + port);
        } else {
            String port = first(request.getHeader("X-Forwarded-Port"));
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            if (!hasPort && port != null && PORT.matcher(port).matches() && !isDefault(scheme, port)) {
                host = host + ":" + port;
            }
        }
        String prefix = first(request.getHeader("X-Forwarded-Prefix"));
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            prefix = "";
        }
        String path = prefix + request.getContextPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return scheme + "://" + host + path;
    }

    private static boolean isDefault(String scheme, String port) {
        return (scheme.equals("http") && port.equals("80")) || (scheme.equals("https") && port.equals("443"));
    }

    /** The first of a comma-separated list (the client-facing proxy's value). */
    private static @Nullable String first(@Nullable String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).strip();
        return value.isEmpty() ? null : value;
    }
}
