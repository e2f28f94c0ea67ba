package dev.patchbay.http;

import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a query string that is not well-formed, with a 400: a {@code %} that does not start an
 * escape of two hex digits, or escapes that do not spell UTF-8. Javalin's parser silently drops such
 * a parameter, so without this {@code ?%ZZ=1} would slip past the routes' strict parameter checks
 * and {@code ?q=%ZZ} would answer the unfiltered list. Stateless.
 */
final class QueryStrings {
    private QueryStrings() {
    }

    static void requireWellFormed(Context ctx) {
        String raw = ctx.queryString();
        if (raw != null && !isWellFormed(raw)) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, "The query string is not well-formed: each % must start"
                    + " an escape of two hex digits, and the escapes must spell UTF-8.");
        }
    }

    static boolean isWellFormed(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
