package dev.patchbay.proxy;

import dev.patchbay.connections.Actor;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One request to forward, as the caller sent it.
 *
 * @param path          the path after {@code /v1/proxy/{id}}, still percent-encoded: empty or starting with {@code /}
 * @param query         the raw query string, or null
 * @param headers       the caller's headers in order, names in any case; the proxy filters them
 * @param body          the body as it arrives (an empty stream when there is none)
 * @param contentLength the declared length, or -1 when the body is chunked or absent
 * @param hasBody       whether the request carries a body at all (a length or chunked transfer)
 * @param retries       how many times a 429 or 5xx answer to an idempotent request may be retried (0-5)
 */
public record ProxyRequest(UUID connectionId, String method, String path, String query,
                           List<Map.Entry<String, String>> headers, InputStream body, long contentLength,
                           boolean hasBody, int retries, Actor actor) {
    public static final int MAX_RETRIES = 5;

    public ProxyRequest {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = List.copyOf(headers);
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be 0 to " + MAX_RETRIES);
        }
    }
}
