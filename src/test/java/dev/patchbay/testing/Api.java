package dev.patchbay.testing;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for one test server. Every answer is recorded, so the secrecy check after each
 * test can search all of them, and every exchange is checked against the OpenAPI document
 * ({@link OpenApiContract}), so the contract check after each test can fail it. Thread-safe.
 */
public final class Api {
    public static final String PROVIDERS = "/v1/admin/connector-providers";
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(30))
            .retryOnConnectionFailure(false)
            // The server closes a connection idle for 10 s; a pooled one kept longer may be closed under a
            // request, which (with retries off, so that no test hides a failure) fails that request.
            .connectionPool(new okhttp3.ConnectionPool(5, 5, java.util.concurrent.TimeUnit.SECONDS))
            .build();
    /** A browser's view of one answer: a redirect is an answer, not followed. */
    private static final OkHttpClient NOT_FOLLOWING = SHARED.newBuilder().followRedirects(false).build();

    private final String base;
    private final String key;
    private final List<ApiResponse> seen;
    private final boolean contractChecked;

    Api(String base, String key, List<ApiResponse> seen) {
        this(base, key, seen, true);
    }

    private Api(String base, String key, List<ApiResponse> seen, boolean contractChecked) {
        this.base = base;
        this.key = key;
        this.seen = seen;
        this.contractChecked = contractChecked;
    }

    /** The same server with another key (null: no key at all). */
    public Api withKey(String otherKey) {
        return new Api(base, otherKey, seen, contractChecked);
    }

    /**
     * The same client, but its exchanges are not checked against the OpenAPI document (they are still
     * recorded for the secrecy check). Only for requests so broken that no document can describe them,
     * such as a header over Jetty's size limit, which Jetty refuses before any route exists; name why.
     */
    public Api outsideTheContract(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("say why the exchange cannot be described by the document");
        }
        return new Api(base, key, seen, false);
    }

    public ApiResponse get(String path) {
        return send("GET", path, null, null, Map.of());
    }

    /** GET as a browser opens a page: a redirect is answered, not followed ({@code Location} tells where). */
    public ApiResponse visit(String path) {
        return send(NOT_FOLLOWING, "GET", path, null, null, Map.of());
    }

    public ApiResponse postJson(String path, String json) {
        return send("POST", path, json, "application/json", Map.of());
    }

    public ApiResponse delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    public ApiResponse setup(String slug, String json) {
        return postJson(PROVIDERS + "/" + slug + "/setup", json);
    }

    public ApiResponse reset(String slug) {
        return delete(PROVIDERS + "/" + slug + "/setup");
    }

    public ApiResponse provider(String slug) {
        return get(PROVIDERS + "/" + slug);
    }

    /** {@code POST …/{slug}/verify}, with no body. */
    public ApiResponse verify(String slug) {
        return send("POST", PROVIDERS + "/" + slug + "/verify", null, null, Map.of());
    }

    /** Any request; {@code contentType} null sends the body (if any) without a Content-Type header. */
    public ApiResponse send(String method, String path, String body, String contentType, Map<String, String> headers) {
        return send(SHARED, method, path, body, contentType, headers);
    }

    private ApiResponse send(OkHttpClient client, String method, String path, String body, String contentType,
                             Map<String, String> headers) {
        Request.Builder request = new Request.Builder().url(base + path);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        headers.forEach(request::header);
        RequestBody requestBody = null;
        if (body != null) {
            requestBody = RequestBody.create(body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    contentType == null ? null : MediaType.get(contentType));
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            requestBody = RequestBody.create(new byte[0], (MediaType) null);
        }
        request.method(method, requestBody);
        Request built = request.build();
        try (Response response = client.newCall(built).execute()) {
            String responseBody = response.body().string();
            List<String> violations = List.of();
            if (contractChecked) {
                Map<String, List<String>> sentHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                sentHeaders.putAll(built.headers().toMultimap());
                if (requestBody != null && requestBody.contentType() != null) {
                    sentHeaders.put("Content-Type", List.of(requestBody.contentType().toString()));
                }
                violations = OpenApiContract.get().violations(new OpenApiContract.Exchange(method, target(built.url()),
                        sentHeaders, body, response.code(), response.headers().toMultimap(), responseBody));
            }
            ApiResponse answer = new ApiResponse(response.code(), response.headers().toMultimap(), responseBody,
                    response.request().url().encodedPath(), violations);
            seen.add(answer);
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        }
    }

    /** The request line's target OkHttp sends for {@code url}. */
    private static String target(okhttp3.HttpUrl url) {
        return url.encodedPath() + (url.encodedQuery() == null ? "" : "?" + url.encodedQuery());
    }

    static List<ApiResponse> newRecord() {
        return Collections.synchronizedList(new ArrayList<>());
    }
}
