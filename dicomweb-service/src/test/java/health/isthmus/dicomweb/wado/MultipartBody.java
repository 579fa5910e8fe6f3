package health.isthmus.dicomweb.wado;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test's reading of a multipart/related body: each part's headers and bytes. */
record MultipartBody(List<Part> parts) {

    record Part(Map<String, String> headers, byte[] body) {

        String contentType() {
            return headers.get("content-type");
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    static MultipartBody parse(String contentType, byte[] body) {
        Matcher matcher = BOUNDARY.matcher(contentType);
        if (!matcher.find()) {
            throw new AssertionError("no boundary in " + contentType);
        }
        byte[] delimiter = ("--" + matcher.group(1)).getBytes(StandardCharsets.US_ASCII);
        List<Integer> positions = new ArrayList<>();
        for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
            positions.add(i);
        }
        List<Part> parts = new ArrayList<>();
        for (int p = 0; p + 1 < positions.size(); p++) {
            int start = positions.get(p) + delimiter.length + 2;
            int end = positions.get(p + 1) - 2; // the CRLF before the next delimiter belongs to it
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), start);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : new String(body, start, headerEnd - start, StandardCharsets.US_ASCII).split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(
                        line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).strip());
            }
            parts.add(new Part(headers, Arrays.copyOfRange(body, headerEnd + 4, end)));
        }
        String last = new String(
                body,
                positions.getLast() + delimiter.length,
                Math.min(2, body.length - positions.getLast() - delimiter.length),
                StandardCharsets.US_ASCII);
        if (!last.equals("--")) {
            throw new AssertionError("multipart body without closing delimiter");
        }
        return new MultipartBody(parts);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
