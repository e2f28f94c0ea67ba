package dev.patchbay.http;

import dev.patchbay.auth.ApiKeys;
import dev.patchbay.auth.Principal;
import dev.patchbay.setup.ProviderView;
import dev.patchbay.setup.SetupService;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The hottest request, GET of one provider with a valid key, answered on Jetty's core API in front of
 * Javalin. Every application instance polls it, and through Javalin's servlet layer it was answered at
 * about two thirds of the rate at which Jetty alone writes the same bytes (bench/run.sh, raw Jetty).
 *
 * <p>It answers only what it can answer exactly as {@link ProvidersRoutes} would: a GET with no query
 * string of a slug the catalog knows, with an active key, with the route's bytes, headers, metrics and
 * access-log line. Every other request (another method or path, a query, no key or a wrong one, an
 * unknown provider) goes on to Javalin, so refusals and throttling keep one home. The body is never
 * compressed: a provider is a kilobyte or two.
 */
final class ProviderReadShortcut extends Handler.Wrapper {
    private static final String PREFIX = ProvidersRoutes.ROOT + "/";
    private static final String ROUTE = ProvidersRoutes.ROOT + "/{provider_slug}";
    private static final String GET = HttpMethod.GET.asString();

    /** A request this class answers: the provider it reads, and whose key asks. */
    private record Read(ProviderView view, Principal principal) {
    }

    private final SetupService setups;
    private final ProviderJson render;
    private final ApiKeys keys;
    private final HttpMetrics metrics;

    ProviderReadShortcut(SetupService setups, ProviderJson render, ApiKeys keys, HttpMetrics metrics) {
        this.setups = setups;
        this.render = render;
        this.keys = keys;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long started = System.nanoTime();
        Read read = answerable(request);
        if (read == null) {
            return super.handle(request, response, callback);
        }
        HttpFields requestHeaders = request.getHeaders();
        HttpFields.Mutable headers = response.getHeaders();
        String requestId = RequestIds.choose(requestHeaders.get(RequestIds.HEADER));
        String etag = render.etag(read.view());
        headers.put(RequestIds.HEADER, requestId);
        headers.put(HttpServer.CONTENT_TYPE_OPTIONS, "nosniff");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put(HttpHeader.ETAG, etag);
        int status = 200;
        if (etag.equals(requestHeaders.get(HttpHeader.IF_NONE_MATCH))) {
            status = 304;
            response.setStatus(status);
            response.write(true, null, callback);
        } else {
            headers.put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(render.single(read.view())), callback);
        }
        float millis = (System.nanoTime() - started) / 1e6f;
        metrics.record(GET, ROUTE, status, millis, null, null);
        AccessLog.record(GET, ROUTE, status, millis, requestId, read.principal().name());
        return true;
    }

    /** What this request reads, when this class can answer it; null when Javalin should. */
    private Read answerable(Request request) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return null;
        }
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (uri.getQuery() != null || path == null || !path.startsWith(PREFIX)) {
            return null;
        }
        // A slug that the catalog knows is plain lowercase ASCII, the same encoded or decoded.
        Optional<ProviderView> view = setups.find(path.substring(PREFIX.length()));
        HttpFields headers = request.getHeaders();
        String presented = ApiKeyFilter.presentedKey(headers.get("X-API-Key"), headers.get(HttpHeader.AUTHORIZATION));
        if (view.isEmpty() || presented == null) {
            return null;
        }
        Optional<Principal> principal = keys.authenticate(presented);
        if (principal.isEmpty()) {
            request.setAttribute(ApiKeyFilter.KNOWN_WRONG, Boolean.TRUE);
            return null;
        }
        if (ApiKeyFilter.refusal(principal.get().scope(), io.javalin.http.HandlerType.GET, path) != null) {
            return null; // refused the one way, by ApiKeyFilter
        }
        return new Read(view.get(), principal.get());
    }
}
