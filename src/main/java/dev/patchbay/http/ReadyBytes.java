package dev.patchbay.http;

import io.javalin.http.Context;

import java.io.IOException;

/**
 * Answers with bytes that are already complete. They go straight to the response stream (which still
 * compresses for clients that ask): {@code ctx.result(bytes)} would copy them through a fresh 32 KB
 * buffer per response, most of the garbage a cached read made.
 */
final class ReadyBytes {
    private ReadyBytes() {
    }

    static void send(Context ctx, String contentType, byte[] bytes) {
        ctx.contentType(contentType);
        try {
            ctx.outputStream().write(bytes);
        } catch (IOException e) {
            // The client is gone and Jetty has failed the exchange: nobody is left to answer, and it is
            // no fault of this server to log. ctx.result(bytes) drops such a failure the same way.
        }
    }
}
