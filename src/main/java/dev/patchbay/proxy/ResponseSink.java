package dev.patchbay.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Where the provider's answer goes: the HTTP layer's response. Called at most once per request, from
 * the thread that forwards it.
 */
public interface ResponseSink {
    /**
     * Sends the status and headers (already filtered) and returns the stream for the body, which the
     * caller writes and closes.
     */
    OutputStream start(int status, Map<String, List<String>> headers) throws IOException;

    /**
     * Breaks off an answer already started, so the caller sees a failed transfer rather than a body
     * that merely looks short: the provider stopped sending in the middle of it.
     */
    void abort();
}
