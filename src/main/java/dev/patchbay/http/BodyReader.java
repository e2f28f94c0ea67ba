package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a JSON request body, refusing in this order: a body over {@link #MAX_BYTES} (413), a media
 * type other than JSON (415), bytes that are not one JSON value (400). In two steps, so that a body
 * that has all arrived is read and checked on the request thread, and only one still on its way is
 * waited for elsewhere: {@link #take}, then {@link #parse}.
 */
final class BodyReader {
    static final int MAX_BYTES = 64 * 1024;
    static final String TOO_LARGE = "The request body is larger than 64 KiB.";

    private final ObjectMapper json;

    BodyReader(ObjectMapper json) {
        this.json = json;
    }

    /** What had arrived of a request's body when its handler started: all of it, or a beginning. */
    record Arrival(byte[] bytes, boolean complete) {
    }

    /**
     * Refuses a body announced over {@link #MAX_BYTES} (413) or of a media type other than one of
     * {@code mediaTypes} (415), then takes the bytes that have already arrived, without waiting. They
     * are taken from Jetty's core request, not the servlet stream: the servlet stream checks
     * HttpServer's minimum data rate at every read from its first byte on, and a body peeked at early
     * then read to its end later was refused as slow when its last byte came a pause after the first.
     */
    Arrival take(Context ctx, Set<String> mediaTypes) {
        String length = ctx.header("Content-Length");
        if (length != null && isOverLimit(length)) {
            throw new HttpProblem(ProblemType.PAYLOAD_TOO_LARGE, TOO_LARGE);
        }
        if (!mediaTypes.contains(mediaType(ctx.header("Content-Type")))) {
            String accepted = String.join(", ", new TreeSet<>(mediaTypes));
            throw new HttpProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be sent with Content-Type: " + String.join(" or ", new TreeSet<>(mediaTypes)) + ".",
                    Map.of(ctx.method().name().equals("PATCH") ? "Accept-Patch" : "Accept-Post", accepted));
        }
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (bytes.size() <= MAX_BYTES) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                return new Arrival(bytes.toByteArray(), false);
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw unreadable(chunk.getFailure());
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                byte[] part = new byte[buffer.remaining()];
                buffer.get(part);
                bytes.writeBytes(part);
                if (chunk.isLast()) {
                    return new Arrival(bytes.toByteArray(), true);
                }
            } finally {
                chunk.release();
            }
        }
        return new Arrival(bytes.toByteArray(), true); // over the limit: refused without reading on
    }

    /**
     * The body as one JSON value, refusing one over {@link #MAX_BYTES} (413) and bytes that are not one
     * JSON value (400). Reads what had not arrived yet, which waits on the client.
     */
    JsonNode parse(Context ctx, Arrival arrival) {
        byte[] body = arrival.complete() ? arrival.bytes() : readRest(ctx, arrival.bytes());
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
     * Reads on after {@code start} up to exactly the declared Content-Length (or, chunked, up to one
     * byte over the limit), so that no read follows the body's last byte: the servlet stream checks the
     * minimum data rate at every read, and an end-of-stream read a millisecond after a tiny body's last
     * byte failed it (about one request in 2,000 under load).
     */
    private static byte[] readRest(Context ctx, byte[] start) {
        long declared = ctx.req().getContentLengthLong();
        int wanted = (declared >= 0 ? (int) declared : MAX_BYTES + 1) - start.length;
        try {
            byte[] rest = ctx.req().getInputStream().readNBytes(wanted);
            if (declared >= 0 && rest.length < wanted) {
                throw new HttpProblem(ProblemType.BAD_REQUEST, "The request body is shorter than its Content-Length.");
            }
            byte[] body = Arrays.copyOf(start, start.length + rest.length);
            System.arraycopy(rest, 0, body, start.length, rest.length);
            return body;
        } catch (BadMessageException | IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Jetty's verdict on how the body arrived (HttpServer's minimum data rate, broken chunking): the
     * client's fault, so a 4xx, and its message is not passed on.
     */
    private static HttpProblem unreadable(Throwable failure) {
        return failure instanceof BadMessageException bad && bad.getCode() == 408
                ? new HttpProblem(ProblemType.REQUEST_TIMEOUT, "The request body arrived too slowly.")
                : new HttpProblem(ProblemType.BAD_REQUEST, "The request body could not be read.");
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
