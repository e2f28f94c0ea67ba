package dev.patchbay.http;

import dev.patchbay.auth.ApiKeys;
import dev.patchbay.auth.Principal;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.connections.Credentials;
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
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * GET of a connection's credentials when the stored token needs no refresh, answered on Jetty's core API
 * in front of Javalin: an application's backend asks for a token before each call to the provider.
 * Through Javalin, its filter, the hand-over to {@link BlockingWork} and a JDBI read of the whole row,
 * the read was answered at a fifth to an eighth of the rate of GET of one provider.
 *
 * <p>It answers only what it can answer exactly as {@link ConnectionsRoutes} would: a GET with no query
 * string of {@code /v1/connections/{id}/credentials} with a canonical id, a key whose scope may read
 * credentials, and a connection whose stored row gives the credential as it is (see
 * {@link ConnectionService#storedCredentials}), with the route's bytes, headers, metrics and access-log
 * line. The route audits no plain read, so neither does this. Every other request (another method or
 * path, a query, no key or a wrong one, a refused scope, an unknown or unusable connection, a refresh
 * due, a failing store, a body Javalin would compress) goes on to Javalin, which answers it as before.
 *
 * <p>The store is read on the request thread, by at most as many requests at once as the store has
 * connections: a request that finds them all taken for {@link #PERMIT_WAIT_MICROS} goes on to Javalin's
 * pool, so that a slow store cannot take every request thread and hold up reads answered from memory.
 */
final class CredentialsReadShortcut extends Handler.Wrapper {
    static final String ROUTE = ConnectionsRoutes.ROOT + "/{id}/credentials";
    private static final String PREFIX = ConnectionsRoutes.ROOT + "/";
    private static final String SUFFIX = "/credentials";
    private static final int ID_LENGTH = 36;
    private static final String GET = HttpMethod.GET.asString();
    /** Javalin compresses a body of this many bytes or more for a client that accepts it (its default). */
    private static final int COMPRESSED_FROM = 1500;
    /**
     * How long a request waits for a store connection before it goes on to Javalin's pool instead. The
     * store reads themselves take tens of microseconds, but a thread that holds a permit may lose its
     * core for a time slice: without any wait, 8% of reads went on to Javalin on a loaded machine,
     * each costing several times a read answered here, and the rate of reads was about half again
     * lower (bench/credentials-ab.sh). A stalled store holds a request thread for no longer than this.
     */
    private static final long PERMIT_WAIT_MICROS = 1_000;
    private static final Duration MIN_TTL = Duration.ofSeconds(ConnectionsRoutes.DEFAULT_MIN_TTL);
    private static final HttpField NOSNIFF = new PreEncodedHttpField(HttpServer.CONTENT_TYPE_OPTIONS, "nosniff");
    private static final HttpField NO_STORE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
    private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.PRAGMA, "no-cache");
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");

    private final ConnectionService connections;
    private final ConnectionJson render;
    private final ApiKeys keys;
    private final Semaphore storeReads;
    private final HttpMetrics.Series ok;

    CredentialsReadShortcut(ConnectionService connections, ConnectionJson render, ApiKeys keys, HttpMetrics metrics) {
        this.connections = connections;
        this.render = render;
        this.keys = keys;
        this.storeReads = new Semaphore(connections.storeConcurrency());
        this.ok = metrics.series(GET, ROUTE, 200);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long started = System.nanoTime();
        if (!HttpMethod.GET.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        if (uri.getQuery() != null || path == null || path.length() != PREFIX.length() + ID_LENGTH + SUFFIX.length()
                || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
            return super.handle(request, response, callback);
        }
        UUID id = Uuids.parse(path.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH));
        HttpFields requestHeaders = request.getHeaders();
        String presented = id == null ? null : ApiKeyFilter.presentedKey(requestHeaders.get("X-API-Key"),
                requestHeaders.get(HttpHeader.AUTHORIZATION));
        if (presented == null) {
            return super.handle(request, response, callback);
        }
        // A wrong key goes on too: ApiKeyFilter refuses it and counts it against the address.
        Optional<Principal> principal = keys.authenticate(presented);
        if (principal.isEmpty()
                || ApiKeyFilter.refusal(principal.get().scope(), io.javalin.http.HandlerType.GET, path) != null) {
            return super.handle(request, response, callback);
        }
        byte[] body = body(id);
        if (body == null || (body.length >= COMPRESSED_FROM && requestHeaders.get(HttpHeader.ACCEPT_ENCODING) != null)) {
            return super.handle(request, response, callback);
        }
        String requestId = RequestIds.choose(requestHeaders.get(RequestIds.HEADER));
        // A response's headers start empty here: add, without looking for a field to replace, in the
        // route's order (Javalin sets the content type first).
        HttpFields.Mutable headers = response.getHeaders();
        headers.add(JSON);
        headers.add(RequestIds.HEADER, requestId);
        headers.add(NOSNIFF);
        headers.add(NO_STORE);
        headers.add(NO_CACHE);
        response.write(true, ByteBuffer.wrap(body), callback);
        float millis = (System.nanoTime() - started) / 1e6f;
        ok.record(millis);
        AccessLog.record(GET, ROUTE, 200, millis, requestId, principal.get().name());
        return true;
    }

    /**
     * The answer's body, or null when the route is to answer: no store connection free for this thread,
     * no credential as stored, or a failure, which the route meets again and answers as it does.
     */
    private byte[] body(UUID id) throws InterruptedException {
        if (!storeReads.tryAcquire(PERMIT_WAIT_MICROS, TimeUnit.MICROSECONDS)) {
            return null;
        }
        Optional<Credentials> credentials;
        try {
            credentials = connections.storedCredentials(id, MIN_TTL);
        } catch (RuntimeException e) {
            return null;
        } finally {
            storeReads.release();
        }
        return credentials.map(c -> render.credentials(c).getBytes(StandardCharsets.UTF_8)).orElse(null);
    }
}
