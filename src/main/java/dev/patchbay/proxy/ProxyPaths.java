package dev.patchbay.proxy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Joins the caller's path to the provider's base URL so that it can never reach another host or leave
 * the base path. The path is refused, before anything is sent, when it or any decoding of it (percent
 * escapes decoded again and again, which catches {@code %252e%252e}) holds a {@code .} or {@code ..}
 * segment (with or without {@code ;} parameters), an empty segment other than a trailing one
 * ({@code //host}), a backslash, an {@code @}, a control character, a raw {@code ?} or {@code #}, a
 * malformed escape or a first segment that looks like a
 * URL scheme ({@code http:}). Accepted paths are forwarded exactly as they came, still encoded.
 * Stateless and thread-safe.
 */
final class ProxyPaths {
    /** Deeper nesting than this is no path any API needs: it is refused rather than decoded further. */
    private static final int MAX_DECODINGS = 4;
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

    private ProxyPaths() {
    }

    /** Throws {@link ProxyFailedException} ({@code PATH_REFUSED}) unless {@code rawPath} is safe to append. */
    static void check(String rawPath) {
        if (rawPath.isEmpty()) {
            return;
        }
        if (rawPath.charAt(0) != '/') {
            throw refused();
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            // A raw '?' or '#' would end the path: only their escapes are data.
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#') {
                throw refused();
            }
        }
        String current = rawPath;
        for (int decodings = 0; ; decodings++) {
            checkForm(current);
            if (current.indexOf('%') < 0) {
                return;
            }
            if (decodings == MAX_DECODINGS) {
                throw refused();
            }
            current = decode(current);
        }
    }

    private static void checkForm(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '@') {
                throw refused();
            }
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw refused();
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (segment.isEmpty() && i != segments.length - 1) {
                throw refused();
            }
            if (name.equals(".") || name.equals("..")) {
                throw refused();
            }
        }
        if (SCHEME.matcher(segments[0]).matches()) {
            throw refused();
        }
    }

    /** One round of percent-decoding as UTF-8; a malformed escape is refused. */
    private static String decode(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                        || Character.digit(path.charAt(i + 2), 16) < 0) {
                    throw refused();
                }
                bytes.write(Integer.parseInt(path, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code base} (an absolute http(s) URL) with {@code rawPath} (already {@link #check checked})
     * appended to its path and {@code rawQuery} (may be null or empty) as the query. Throws
     * {@link ProxyFailedException} when the result is no valid URI or not under the base.
     */
    static URI join(URI base, String rawPath, String rawQuery) {
        String basePath = base.getRawPath() == null ? "" : stripTrailingSlashes(base.getRawPath());
        String path = basePath + rawPath;
        StringBuilder target = new StringBuilder(base.getScheme()).append("://").append(base.getRawAuthority())
                .append(path.isEmpty() ? "/" : path);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            target.append('?').append(rawQuery);
        }
        URI joined;
        try {
            joined = new URI(target.toString());
        } catch (java.net.URISyntaxException e) {
            throw refused();
        }
        // Belt and braces: the checks above already keep the call on the base's host and under its path.
        if (!base.getRawAuthority().equals(joined.getRawAuthority()) || joined.getRawFragment() != null
                || !(joined.getRawPath() + "/").startsWith(basePath + "/")) {
            throw refused();
        }
        return joined;
    }

    private static String stripTrailingSlashes(String value) {
        int end = value.length();
        while (end > 0 && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(0, end);
    }

    private static ProxyFailedException refused() {
        return new ProxyFailedException(ProxyFailedException.Reason.PATH_REFUSED,
                "the path could leave the provider's API base path");
    }
}
