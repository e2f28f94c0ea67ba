package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider's API behind the fake's tokens, for liveness and proxy tests: {@code /api/user}
 * (Bearer, RFC 6750), {@code /api/echo/**}, {@code /api/bytes}, {@code /api/redirect},
 * {@code /api/flaky} and {@code /api/key/**} (API key or Basic). Thread-safe.
 */
final class ResourceApi {
    /** Echo bodies up to this size are returned; larger ones only by length and digest. */
    private static final int ECHO_LIMIT = 1 << 20;

    private final FakeOAuthSettings settings;
    private final TokenStore tokens;
    private final ObjectMapper json;
    private final List<ApiCall> calls;
    private final AtomicInteger flakyFailuresLeft = new AtomicInteger();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private volatile int flakyStatus = 503;
    private volatile Duration flakyRetryAfter = Duration.ofSeconds(1);

    ResourceApi(FakeOAuthSettings settings, TokenStore tokens, ObjectMapper json, List<ApiCall> calls) {
        this.settings = settings;
        this.tokens = tokens;
        this.json = json;
        this.calls = calls;
    }

    void flaky(int failures, int status, Duration retryAfter) {
        flakyStatus = status;
        flakyRetryAfter = retryAfter;
        flakyFailuresLeft.set(failures);
    }

    int flakyCalls() {
        return flakyCalls.get();
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String bearer = Exchanges.bearer(exchange);
        calls.add(new ApiCall(exchange.getRequestMethod(), path, tokens.ref(bearer)));
        if (path.equals("/api/user")) {
            user(exchange, bearer);
        } else if (path.equals("/api/echo") || path.startsWith("/api/echo/")) {
            echo(exchange);
        } else if (path.equals("/api/bytes")) {
            bytes(exchange);
        } else if (path.equals("/api/redirect")) {
            Map<String, String> query = queryOrEmpty(exchange);
            Exchanges.redirect(exchange, 302, query.getOrDefault("to", "/api/echo/redirected"));
        } else if (path.equals("/api/flaky")) {
            flaky(exchange);
        } else if (path.equals("/api/key") || path.startsWith("/api/key/")) {
            key(exchange, bearer);
        } else {
            Exchanges.text(exchange, 404, "no such API endpoint");
        }
    }

    private void user(HttpExchange exchange, String bearer) throws IOException {
        if (bearer == null) {
            // RFC 6750 §3.1: a request without credentials gets the challenge and no error code.
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"fake-api\"");
            Exchanges.text(exchange, 401, "authentication required");
            return;
        }
        TokenStore.Grant grant = tokens.live(bearer);
        if (grant == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer realm=\"fake-api\", error=\"invalid_token\", error_description=\"the access token is "
                            + "unknown, expired or revoked\"");
            ObjectNode body = json.createObjectNode().put("error", "invalid_token");
            Exchanges.json(exchange, 401, body, json);
            return;
        }
        ObjectNode body = json.createObjectNode().put("id", grant.userId()).put("login", grant.userId())
                .put("client_id", grant.clientId());
        ArrayNode scopes = body.putArray("scopes");
        grant.scopes().forEach(scopes::add);
        Exchanges.json(exchange, 200, body, json);
    }

    private void echo(HttpExchange exchange) throws IOException {
        ObjectNode body = json.createObjectNode().put("method", exchange.getRequestMethod())
                .put("path", exchange.getRequestURI().getRawPath()).put("query", exchange.getRequestURI().getRawQuery());
        ObjectNode headers = body.putObject("headers");
        Map<String, List<String>> sorted = new TreeMap<>();
        // The JDK capitalises header names its own way; lower case is what HTTP/2 and tests expect.
        exchange.getRequestHeaders().forEach((name, values) -> sorted.put(name.toLowerCase(Locale.ROOT), values));
        sorted.forEach((name, values) -> values.forEach(headers.withArray(name)::add));
        MessageDigest sha256 = sha256();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long length = 0;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                if (length < ECHO_LIMIT) {
                    kept.write(buffer, 0, (int) Math.min(n, ECHO_LIMIT - length));
                }
                length += n;
            }
        }
        if (length <= ECHO_LIMIT) {
            body.put("body", kept.toString(StandardCharsets.UTF_8));
        }
        body.put("body_length", length).put("body_sha256", HexFormat.of().formatHex(sha256.digest()));
        Exchanges.json(exchange, 200, body, json);
    }

    /** {@code n} bytes (0, 1, …, 255, 0, …) written from one small buffer, so no test holds them all. */
    private void bytes(HttpExchange exchange) throws IOException {
        Map<String, String> query = queryOrEmpty(exchange);
        long n;
        try {
            n = Long.parseLong(query.getOrDefault("n", ""));
        } catch (NumberFormatException e) {
            Exchanges.text(exchange, 400, "n must be a number of bytes");
            return;
        }
        boolean chunked = "true".equals(query.get("chunked"));
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, chunked ? 0 : (n == 0 ? -1 : n));
        byte[] buffer = new byte[8192];
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = (byte) i;
        }
        try (OutputStream out = exchange.getResponseBody()) {
            for (long left = n; left > 0; left -= buffer.length) {
                out.write(buffer, 0, (int) Math.min(buffer.length, left));
            }
        }
    }

    private void flaky(HttpExchange exchange) throws IOException {
        int call = flakyCalls.incrementAndGet();
        if (flakyFailuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(flakyRetryAfter.toSeconds()));
            Exchanges.json(exchange, flakyStatus, json.createObjectNode().put("error", "try again later"), json);
            return;
        }
        Exchanges.json(exchange, 200, json.createObjectNode().put("ok", true).put("call", call), json);
    }

    /**
     * Accepts the configured API key as {@code X-Api-Key}, {@code Authorization: Bearer}, query
     * {@code api_key} or Basic username (Stripe), or the configured Basic credentials (Twilio).
     */
    private void key(HttpExchange exchange, String bearer) throws IOException {
        String key = settings.apiKey();
        List<String> basicCredentials = settings.basicCredentials();
        String[] basic;
        try {
            basic = Exchanges.basicCredentials(exchange, false);
        } catch (Exchanges.BadRequest e) {
            basic = null;
        }
        String via = null;
        if (key != null && key.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            via = "header";
        } else if (key != null && key.equals(bearer)) {
            via = "bearer";
        } else if (key != null && key.equals(queryOrEmpty(exchange).get("api_key"))) {
            via = "query";
        } else if (basic != null && key != null && key.equals(basic[0]) && basic[1].isEmpty()) {
            via = "basic";
        } else if (basic != null && basicCredentials != null && basicCredentials.equals(List.of(basic[0], basic[1]))) {
            via = "basic";
        }
        if (via == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake-api\"");
            Exchanges.json(exchange, 401, json.createObjectNode().put("error", "invalid_api_key"), json);
            return;
        }
        Exchanges.json(exchange, 200, json.createObjectNode().put("authenticated_by", via), json);
    }

    private static Map<String, String> queryOrEmpty(HttpExchange exchange) {
        try {
            return Exchanges.query(exchange);
        } catch (Exchanges.BadRequest e) {
            return Map.of();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
