package dev.patchbay.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.auth.ApiKeys;
import dev.patchbay.auth.FailedKeyThrottle;
import dev.patchbay.auth.Principal;
import dev.patchbay.setup.ProviderView;
import dev.patchbay.setup.SetupService;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The hottest requests, answered on Jetty's core API in front of Javalin: GET of the provider list's
 * default page and of one provider, and a wrong key on either. Clients poll them, and through Javalin's
 * servlet layer they were answered at a half to two thirds of the rate at which Jetty alone writes the
 * same bytes (bench/run.sh, raw-bytes limit).
 *
 * <p>It answers only what it can answer exactly as the routes behind it would: a GET with no query
 * string of the list or of a slug the catalog knows, with the routes' bytes, headers, metrics and
 * access-log line; and, for such a GET with a key that is no active key, the refusal of
 * {@link ApiKeyFilter}, counted by the same per-address throttle. Every other request (another method
 * or path, a query, no key, a key whose scope refuses it, an unknown provider, a client that asks for a
 * compressed list) goes on to Javalin. A provider's body is never compressed: it is a kilobyte or two.
 */
final class ProviderReadShortcut extends Handler.Wrapper {
    private static final String PREFIX = ProvidersRoutes.ROOT + "/";
    private static final String ONE_ROUTE = ProvidersRoutes.ROOT + "/{provider_slug}";
    private static final String GET = HttpMethod.GET.asString();
    // The headers every answer here carries, encoded once: Jetty copies their bytes as they are.
    private static final HttpField NOSNIFF = new PreEncodedHttpField(HttpServer.CONTENT_TYPE_OPTIONS, "nosniff");
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final HttpField PROBLEM_JSON =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, ProblemMapper.CONTENT_TYPE);
    private static final HttpField CHALLENGE = new PreEncodedHttpField(HttpHeader.WWW_AUTHENTICATE,
            ApiKeyFilter.CHALLENGE.get(HttpHeader.WWW_AUTHENTICATE.asString()));
    /** Javalin's access-log route for a request refused before any route matched. */
    private static final String NO_ROUTE = "(no route)";
    /** Where a refusal's request id goes; JSON writes it as it is. */
    private static final String REQUEST_ID_MARK = "REQUEST-ID-MARK";

    private final SetupService setups;
    private final ProviderJson render;
    private final DefaultListPage listPage;
    private final ApiKeys keys;
    private final FailedKeyThrottle throttle;
    private final Refusal unauthorized;
    private final Refusal tooMany;
    private final HttpMetrics.Series listOk;
    private final HttpMetrics.Series oneOk;
    private final HttpMetrics.Series oneNotModified;

    ProviderReadShortcut(SetupService setups, ProviderJson render, DefaultListPage listPage, ApiKeys keys,
                         FailedKeyThrottle throttle, HttpMetrics metrics, ObjectMapper json) {
        this.setups = setups;
        this.render = render;
        this.listPage = listPage;
        this.keys = keys;
        this.throttle = throttle;
        this.unauthorized = new Refusal(json, ProblemType.UNAUTHORIZED, ApiKeyFilter.WRONG_KEY, metrics);
        this.tooMany = new Refusal(json, ProblemType.TOO_MANY_REQUESTS, ApiKeyFilter.TOO_MANY_WRONG_KEYS, metrics);
        this.listOk = metrics.series(GET, ProvidersRoutes.ROOT, 200);
        this.oneOk = metrics.series(GET, ONE_ROUTE, 200);
        this.oneNotModified = metrics.series(GET, ONE_ROUTE, 304);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long started = System.nanoTime();
        if (!HttpMethod.GET.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (uri.getQuery() != null || path == null) {
            return super.handle(request, response, callback);
        }
        HttpFields requestHeaders = request.getHeaders();
        ProviderView view = null;
        if (path.equals(ProvidersRoutes.ROOT)) {
            // Javalin compresses the list for a client that asks; these bytes are not.
            if (requestHeaders.get(HttpHeader.ACCEPT_ENCODING) != null) {
                return super.handle(request, response, callback);
            }
        } else if (path.startsWith(PREFIX)) {
            // A slug that the catalog knows is plain lowercase ASCII, the same encoded or decoded.
            view = setups.find(path.substring(PREFIX.length())).orElse(null);
            if (view == null) {
                return super.handle(request, response, callback);
            }
        } else {
            return super.handle(request, response, callback);
        }
        String presented = ApiKeyFilter.presentedKey(requestHeaders.get("X-API-Key"),
                requestHeaders.get(HttpHeader.AUTHORIZATION));
        if (presented == null) {
            return super.handle(request, response, callback);
        }
        Optional<Principal> principal = keys.authenticate(presented);
        if (principal.isEmpty()) {
            refuse(request, response, callback, started);
            return true;
        }
        if (ApiKeyFilter.refusal(principal.get().scope(), io.javalin.http.HandlerType.GET, path) != null) {
            return super.handle(request, response, callback); // refused the one way, by ApiKeyFilter
        }
        String requestId = RequestIds.choose(requestHeaders.get(RequestIds.HEADER));
        // A response's headers start empty here: add, without looking for a field to replace.
        HttpFields.Mutable headers = response.getHeaders();
        headers.add(RequestIds.HEADER, requestId);
        headers.add(NOSNIFF);
        headers.add(NO_STORE);
        String keyName = principal.get().name();
        if (view == null) {
            headers.add(JSON);
            response.write(true, listPage.buffer(), callback);
            logged(listOk, ProvidersRoutes.ROOT, 200, started, requestId, keyName);
            return true;
        }
        ProviderJson.Rendered rendered = render.rendered(view);
        headers.add(HttpHeader.ETAG, rendered.etag());
        if (rendered.etag().equals(requestHeaders.get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, null, callback);
            logged(oneNotModified, ONE_ROUTE, 304, started, requestId, keyName);
        } else {
            headers.add(JSON);
            response.write(true, ByteBuffer.wrap(rendered.envelope()), callback);
            logged(oneOk, ONE_ROUTE, 200, started, requestId, keyName);
        }
        return true;
    }

    /** Answers a key that is no active key as {@link ApiKeyFilter} does: 401, or 429 past the address's limit. */
    private void refuse(Request request, Response response, Callback callback, long started) {
        Optional<Duration> wait = throttle.recordFailure(Request.getRemoteAddr(request));
        String requestId = RequestIds.choose(request.getHeaders().get(RequestIds.HEADER));
        HttpFields.Mutable headers = response.getHeaders();
        headers.add(PROBLEM_JSON);
        headers.add(RequestIds.HEADER, requestId);
        headers.add(NOSNIFF);
        headers.add(NO_STORE);
        Refusal refusal;
        if (wait.isPresent()) {
            refusal = tooMany;
            headers.add(HttpHeader.RETRY_AFTER, ApiKeyFilter.retryAfterSeconds(wait.get()));
        } else {
            refusal = unauthorized;
            headers.add(CHALLENGE);
        }
        response.setStatus(refusal.type.status);
        response.write(true, ByteBuffer.wrap(refusal.body(requestId)), callback);
        logged(refusal.series, NO_ROUTE, refusal.type.status, started, requestId, null);
    }

    private static void logged(HttpMetrics.Series series, String route, int status, long started, String requestId,
                               String keyName) {
        float millis = (System.nanoTime() - started) / 1e6f;
        series.record(millis);
        AccessLog.record(GET, route, status, millis, requestId, keyName);
    }

    /**
     * A refusal's problem body, rendered once around a mark where the request id goes: a request id is a
     * plain token or a UUID, which JSON writes as it is.
     */
    private static final class Refusal {
        final ProblemType type;
        final HttpMetrics.Series series;
        private final byte[] head;
        private final byte[] tail;

        Refusal(ObjectMapper json, ProblemType type, String detail, HttpMetrics metrics) {
            this.type = type;
            this.series = metrics.series(GET, HttpMetrics.UNMATCHED, type.status);
            String body;
            try {
                body = json.writeValueAsString(Problem.of(type, detail, REQUEST_ID_MARK));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            int at = body.indexOf(REQUEST_ID_MARK);
            this.head = body.substring(0, at).getBytes(StandardCharsets.UTF_8);
            this.tail = body.substring(at + REQUEST_ID_MARK.length()).getBytes(StandardCharsets.UTF_8);
        }

        byte[] body(String requestId) {
            byte[] id = requestId.getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[head.length + id.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(id, 0, out, head.length, id.length);
            System.arraycopy(tail, 0, out, head.length + id.length, tail.length);
            return out;
        }
    }
}
