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
     * The provider stopped sending in the middle of its body. When part of the answer has already
     * reached the caller, breaks the caller's transfer off too (so it sees a failed transfer rather than
     * a body that merely looks short) and answers true; when nothing has, discards what was buffered
     * and answers false, so that a problem can be sent instead.
     */
    boolean abort();
}
