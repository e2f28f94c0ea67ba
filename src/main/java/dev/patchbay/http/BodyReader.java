package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON request body, refusing in this order: a body over {@link #MAX_BYTES} (413), a media
 * type other than JSON (415), bytes that are not one JSON value (400).
 */
final class BodyReader {
    static final int MAX_BYTES = 64 * 1024;
    static final String TOO_LARGE = "The request body is larger than 64 KiB.";

    private final ObjectMapper json;

    BodyReader(ObjectMapper json) {
        this.json = json;
    }

    /** A POST body: {@code application/json}. */
    JsonNode read(Context ctx) {
        return read(ctx, Set.of("application/json"));
    }

    /** A body whose media type is one of {@code mediaTypes}. */
    JsonNode read(Context ctx, Set<String> mediaTypes) {
        String length = ctx.header("Content-Length");
        if (length != null && isOverLimit(length)) {
            throw new HttpProblem(ProblemType.PAYLOAD_TOO_LARGE, TOO_LARGE);
        }
        if (!mediaTypes.contains(mediaType(ctx.header("Content-Type")))) {
            String accepted = String.join(", ", new java.util.TreeSet<>(mediaTypes));
            throw new HttpProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be sent with Content-Type: " + String.join(" or ", new java.util.TreeSet<>(mediaTypes)) + ".",
                    Map.of(ctx.method().name().equals("PATCH") ? "Accept-Patch" : "Accept-Post", accepted));
        }
        byte[] body = readBody(ctx);
        if (body.length > MAX_BYTES) {
            throw new HttpProblem(ProblemType.PAYLOAD_TOO_LARGE, TOO_LARGE);
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new HttpProblem(ProblemType.BAD_REQUEST, "The request body is empty; it must be a JSON object.");
            }
            if (UnpairedSurrogates.in(node)) {
                throw new HttpProblem(ProblemType.BAD_REQUEST,
                        "The request body holds a string with an unpaired UTF-16 surrogate escape, which is not text.");
            }
            return node;
        } catch (JsonProcessingException e) {
            // The parser's message may quote the body, so only its position is passed on.
            String where = e.getLocation() == null ? "" : " (at byte " + e.getLocation().getByteOffset() + ")";
            throw new HttpProblem(ProblemType.BAD_REQUEST, "The request body is not valid JSON" + where + ".");
        } catch (IOException e) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, "The request body could not be read.");
        }
    }

    /**
     * Reads exactly the declared Content-Length (or, chunked, up to one byte over the limit), so that no
     * read follows the body's last byte: Jetty checks HttpServer's minimum data rate at every read,
     * from the first one on, and with Javalin's read-until-end a 1-byte body whose end-of-stream read
     * came a millisecond later was refused as too slow (about one request in 2,000 under load).
     */
    private static byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        try {
            java.io.InputStream in = ctx.req().getInputStream();
            byte[] body = in.readNBytes(declared >= 0 ? (int) declared : MAX_BYTES + 1);
            if (declared >= 0 && body.length < declared) {
                throw new HttpProblem(ProblemType.BAD_REQUEST, "The request body is shorter than its Content-Length.");
            }
            return body;
        } catch (org.eclipse.jetty.http.BadMessageException e) {
            // Jetty's verdict on how the body arrived (HttpServer's minimum data rate, broken chunking);
            // the client's fault, so a 4xx, and its message is not passed on.
            throw e.getCode() == 408
                    ? new HttpProblem(ProblemType.REQUEST_TIMEOUT, "The request body arrived too slowly.")
                    : new HttpProblem(ProblemType.BAD_REQUEST, "The request body could not be read.");
        } catch (IOException e) {
            throw new HttpProblem(ProblemType.BAD_REQUEST, "The request body could not be read.");
        }
    }

    private static boolean isOverLimit(String length) {
        try {
            return Long.parseLong(length.strip()) > MAX_BYTES;
        } catch (NumberFormatException e) {
            return false; // Jetty rejects a malformed Content-Length itself
        }
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }
}
