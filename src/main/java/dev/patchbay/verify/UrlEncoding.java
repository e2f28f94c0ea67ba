package dev.patchbay.verify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The two ways a value is encoded into a URL or a form by verification, in one place so that the
 * scrubber looks for exactly what was sent. Stateless and thread-safe.
 */
final class UrlEncoding {
    private UrlEncoding() {
    }

    /** {@code application/x-www-form-urlencoded}, as a form body is sent: a space is {@code +}. */
    static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * RFC 3986 percent-encoding of everything but the unreserved characters, as a value placed in a URL
     * is sent. URLEncoder's form encoding differs from it in exactly three characters: a space ({@code +}
     * there), {@code *} (left as it is there) and {@code ~} (encoded there).
     */
    static String percent(String value) {
        return form(value).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }
}
