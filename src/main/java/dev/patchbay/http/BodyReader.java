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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a JSON request body, refusing in this order: a body over {@link #MAX_BYTES} (413), a media
 * type other than JSON (415), bytes that are not one JSON value (400). In two steps, so that a body
 * that has all arrived is read and checked on the request thread, and only one still on its way is
 * waited for elsewhere: {@link #take}, then {@link #parse}.
 */
final class BodyReader {
    static final int MAX_BYTES = 64 * 1024;
    static final String TOO_LARGE = "The request body is larger than 64 KiB.";
    /** The slowest a body may come, on average, once its first second has passed. */
    static final int MIN_BYTES_PER_SECOND = 1024;
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String SLOW = "The request body arrived too slowly.";
    private static final String UNREADABLE = "The request body could not be read.";

    private final ObjectMapper json;

    BodyReader(ObjectMapper json) {
        this.json = json;
    }

    /**
     * What had arrived of a request's body when its handler started: all of it, or a beginning, and
     * the time ({@link System#nanoTime}) the handler began reading it.
     */
    record Arrival(byte[] bytes, boolean complete, long readingSince) {
    }

    /**
     * Refuses a body announced over {@link #MAX_BYTES} (413) or of a media type other than one of
     * {@code mediaTypes} (415), then takes the bytes that have already arrived, without waiting. Bodies
     * are read from Jetty's core request, not the servlet stream: the servlet stream checks
     * HttpServer's minimum data rate at the start of every read, even one whose bytes are already
     * there, so a body looked at early, or a chunked one whose end-of-stream came after a pause, was
     * refused as slow although all of it had come. {@link #readRest} applies a rate of its own.
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
        long since = System.nanoTime();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean complete = drain(coreRequest(ctx), bytes);
        return new Arrival(bytes.toByteArray(), complete, since);
    }

    /**
     * The body as one JSON value, refusing one over {@link #MAX_BYTES} (413) and bytes that are not one
     * JSON value (400). Reads what had not arrived yet, which waits on the client.
     */
    JsonNode parse(Context ctx, Arrival arrival) {
        byte[] body = arrival.complete() ? arrival.bytes() : readRest(ctx, arrival);
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
            throw new HttpProblem(ProblemType.BAD_REQUEST, UNREADABLE);
        }
    }

    /**
     * Reads on after what had arrived, waiting for the rest: the body must keep coming at
     * {@link #MIN_BYTES_PER_SECOND} on average from when the handler began reading it, after a
     * {@link #GRACE_NANOS} allowance, or the client hears 408. Only waiting is timed, so a body whose
     * last bytes are already there is never refused as slow.
     */
    private static byte[] readRest(Context ctx, Arrival arrival) {
        Request request = coreRequest(ctx);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(arrival.bytes());
        while (!drain(request, bytes)) {
            long deadline = arrival.readingSince() + GRACE_NANOS
                    + bytes.size() * TimeUnit.SECONDS.toNanos(1) / MIN_BYTES_PER_SECOND;
            awaitMore(request, deadline);
        }
        return bytes.toByteArray();
    }

    /**
     * Appends what has arrived to {@code bytes}, without waiting; true once the body has ended or is
     * over {@link #MAX_BYTES} (refused without reading on).
     */
    private static boolean drain(Request request, ByteArrayOutputStream bytes) {
        while (bytes.size() <= MAX_BYTES) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                return false;
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
                    return true;
                }
            } finally {
                chunk.release();
            }
        }
        return true;
    }

    private static void awaitMore(Request request, long deadline) {
        CountDownLatch more = new CountDownLatch(1);
        request.demand(more::countDown);
        try {
            long wait = deadline - System.nanoTime();
            if (wait <= 0 || !more.await(wait, TimeUnit.NANOSECONDS)) {
                throw new HttpProblem(ProblemType.REQUEST_TIMEOUT, SLOW);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(ProblemType.BAD_REQUEST, UNREADABLE);
        }
    }

    private static Request coreRequest(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req());
    }

    /**
     * Jetty's verdict on how the body arrived (a connection idle too long, broken chunking, an early
     * end): the client's fault, so a 4xx, and its message is not passed on.
     */
    private static HttpProblem unreadable(Throwable failure) {
        return failure instanceof TimeoutException
                || failure instanceof BadMessageException bad && bad.getCode() == 408
                ? new HttpProblem(ProblemType.REQUEST_TIMEOUT, SLOW)
                : new HttpProblem(ProblemType.BAD_REQUEST, UNREADABLE);
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
