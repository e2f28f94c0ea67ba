package dev.patchbay.testing;

import dev.patchbay.testing.OpenApiContract.Exchange;

import java.util.Optional;

/**
 * Requests that HTTP itself calls malformed, whatever an OpenAPI document says: a path with a
 * character RFC 3986 does not allow in one or a {@code %} not followed by two hex digits, or a CONNECT
 * whose target is a path (RFC 9110, section 9.3.6, wants an authority). No document can describe
 * them, and the only right answer is 400; the contract check holds them to that instead of to a path
 * of the document. Such requests come only from raw sockets: OkHttp encodes what a path may not hold.
 * The query is left to the document's parameters: Jetty, as many servers, takes characters there that
 * RFC 3986 does not, and what Patchbay cannot decode it refuses itself.
 */
final class MalformedRequests {
    /** What RFC 3986 allows in a path besides letters, digits and percent-encodings: unreserved, sub-delims, ":", "@", "/". */
    private static final String PATH_SYMBOLS = "-._~!$&'()*+,;=:@/";

    private MalformedRequests() {
    }

    /** Why the request of {@code exchange} is malformed; empty when it is not. */
    static Optional<String> why(Exchange exchange) {
        if (exchange.method().equals("CONNECT")) {
            return Optional.of("CONNECT takes an authority as its target, not a path");
        }
        String path = exchange.encodedPath();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
                    return Optional.of("a % not followed by two hex digits");
                }
            } else if (!isAsciiLetterOrDigit(c) && PATH_SYMBOLS.indexOf(c) < 0) {
                return Optional.of("the character " + (c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : c)
                        + ", which a path may not hold");
            }
        }
        return Optional.empty();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c < 0x80 && Character.isLetterOrDigit(c);
    }
}
