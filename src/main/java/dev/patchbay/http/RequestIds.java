package dev.patchbay.http;

import io.javalin.http.Context;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is a plain token, otherwise a
 * new UUID. The id is echoed in the response header, every problem body and every log line.
 */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "patchbay.request-id";
    /** Safe in headers and logs: no spaces, quotes or control characters. */
    private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

    private RequestIds() {
    }

    static void assign(Context ctx) {
        String id = choose(ctx.header(HEADER));
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The client's id when it supplied a plain token, otherwise a new one. */
    static String choose(String supplied) {
        return supplied != null && CLIENT_ID.matcher(supplied).matches() ? supplied : newId();
    }

    /**
     * A random version-4 UUID from {@link ThreadLocalRandom}: ids need to be unique, not secret, and
     * {@code UUID.randomUUID()} would serialize every request on the shared SecureRandom.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            assign(ctx);
            id = ctx.attribute(ATTRIBUTE);
        }
        return id;
    }
}
