package dev.patchbay.proxy;

import dev.patchbay.catalog.AuthType;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.connections.RefreshUnavailableException;
import dev.patchbay.verify.AddressGuard;
import dev.patchbay.verify.NameResolver;
import dev.patchbay.verify.RefusedDestinationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Forwards one request to the provider's API as a connection and streams the answer back: the path
 * is checked before anything else happens, the connection must be usable (checked before anything is
 * sent), the API host's addresses must pass the {@link AddressGuard}, and the credential is added
 * where the descriptor says. An oauth2 call answered 401 is sent once more after a forced refresh
 * when its body can be sent again; a 429 or 5xx answer to an idempotent request is retried as often
 * as the caller asked. Redirects are passed back, never followed. One shared HTTP client pools the
 * connections (HTTP/2 where a TLS provider offers it). Thread-safe; each call blocks its thread until
 * the answer has been passed on, so callers run it on a bounded pool of their own.
 */
public final class Forwarder {
    /** A token valid for at least this long is sent as it is; one expiring sooner is refreshed first. */
    static final Duration MIN_TTL = Duration.ofSeconds(60);
    /** RFC 9110 §9.2.2: sending these twice has the effect of sending them once. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");
    private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);
    private static final int BUFFER_BYTES = 16 * 1024;

    private final ConnectionService connections;
    private final ProxySettings settings;
    private final AddressGuard guard;
    private final NameResolver names;
    private final ProxyOutcomes outcomes;
    private final Clock clock;
    /** Built on the first call: building one sets up TLS, a cost start-up need not pay. */
    private HttpClient client;

    public Forwarder(ConnectionService connections, ProxySettings settings, NameResolver names, ProxyOutcomes outcomes,
                     Clock clock) {
        this.connections = connections;
        this.settings = settings;
        this.guard = new AddressGuard(settings.allowPrivate());
        this.names = names;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    public ProxyOutcomes outcomes() {
        return outcomes;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    // A redirect is the provider's answer to the caller; following it could lead past the guard.
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(settings.connectTimeout())
                    .version(HttpClient.Version.HTTP_2)
                    // The client's own pool runs TLS handshake work too; run inline on its one selector
                    // thread, a burst of new TLS connections timed out (docs/benchmarks.md, the proxy).
                    .build();
        }
        return client;
    }

    /**
     * Forwards {@code request} and writes the provider's answer to {@code sink}. Throws
     * {@link ProxyFailedException} when nothing was forwarded or the provider gave no answer, and the
     * {@link ConnectionService#credentials} exceptions for a connection that cannot give a credential.
     */
    public void forward(ProxyRequest request, ResponseSink sink) {
        ProxyPaths.check(request.path());
        if (request.contentLength() > settings.maxBodyBytes()) {
            throw RequestBody.tooLarge();
        }
        ConnectionService.ApiAccess access = connections.apiAccess(request.connectionId(), MIN_TTL, false,
                request.actor());
        String provider = access.provider().slug();
        try {
            int status = forward(request, access, sink);
            if (status > 0) {
                outcomes.answered(provider, status);
            } else {
                outcomes.failed(provider);
            }
        } catch (ProxyFailedException e) {
            if (e.reason() != ProxyFailedException.Reason.NO_API && e.reason() != ProxyFailedException.Reason.PATH_REFUSED) {
                outcomes.failed(provider);
            }
            throw e;
        }
    }

    /** The status passed back, or 0 when the provider broke off its answer midway. */
    private int forward(ProxyRequest request, ConnectionService.ApiAccess access, ResponseSink sink) {
        ApiTarget target = ApiTarget.of(access);
        URI uri = destination(request, target);
        RequestBody body;
        try {
            body = RequestBody.of(request, settings);
        } catch (IOException e) {
            throw new ProxyFailedException(ProxyFailedException.Reason.BODY_UNREADABLE, "the request body could not be read");
        }
        boolean refreshed = false;
        int retriesLeft = IDEMPOTENT.contains(request.method()) ? request.retries() : 0;
        for (int attempt = 0; ; attempt++) {
            HttpResponse<InputStream> response = send(build(request, uri, target, body));
            int status = response.statusCode();
            if (status == 401 && !refreshed && body.replayable()
                    && access.provider().authType() == AuthType.OAUTH2) {
                ConnectionService.ApiAccess renewed = renewed(request, access, response);
                if (renewed != null) {
                    access = renewed;
                    target = ApiTarget.of(renewed);
                    uri = destination(request, target);
                    refreshed = true;
                    continue;
                }
            }
            if (RETRYABLE.contains(status) && retriesLeft > 0 && body.replayable()) {
                int retry = request.retries() - retriesLeft;
                Duration wait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                        clock.instant()).orElseGet(() -> RetryAfter.backoff(retry));
                if (wait.compareTo(settings.maxRetryWait()) <= 0) {
                    discard(response);
                    retriesLeft--;
                    pause(wait);
                    continue;
                }
            }
            return passBack(response, sink);
        }
    }

    private URI destination(ProxyRequest request, ApiTarget target) {
        URI uri = ProxyPaths.join(target.base(), request.path(), query(request.query(), target.query()));
        try {
            guard.check(uri.getHost(), names.resolve(uri.getHost()));
        } catch (RefusedDestinationException e) {
            throw new ProxyFailedException(ProxyFailedException.Reason.DESTINATION_REFUSED,
                    "the provider's API host resolves to an address the proxy may not call"
                            + " (see PATCHBAY_VERIFY_ALLOW_PRIVATE)");
        } catch (UnknownHostException e) {
            throw new ProxyFailedException(ProxyFailedException.Reason.UNREACHABLE,
                    "the provider's API host name does not resolve");
        }
        return uri;
    }

    /**
     * The caller's query with the credential's parameters added; a caller's parameter of the same name
     * is dropped, so the provider cannot take the caller's value for the credential.
     */
    static String query(String raw, Map<String, String> credential) {
        StringBuilder out = new StringBuilder();
        if (raw != null && !raw.isEmpty()) {
            for (String parameter : raw.split("&", -1)) {
                int equals = parameter.indexOf('=');
                String name = java.net.URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals),
                        StandardCharsets.UTF_8);
                if (!credential.containsKey(name)) {
                    out.append(out.isEmpty() ? "" : "&").append(parameter);
                }
            }
        }
        credential.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&").append(percent(name)).append('=')
                .append(percent(value)));
        return out.toString();
    }

    private static String percent(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    private HttpRequest build(ProxyRequest request, URI uri, ApiTarget target, RequestBody body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(settings.responseTimeout())
                .method(request.method(), body.publisher());
        if (uri.getScheme().equalsIgnoreCase("http")) {
            // Cleartext HTTP/2 would need an Upgrade on every new connection; TLS offers HTTP/2 by ALPN instead.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        for (Map.Entry<String, String> header : HeaderRules.towardsProvider(request.headers(), target.headerNames())) {
            try {
                builder.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // A header the JDK client sets itself (or refuses): the provider gets the client's own.
            }
        }
        target.headers().forEach(builder::setHeader);
        return builder.build();
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ProxyFailedException(ProxyFailedException.Reason.TIMEOUT,
                    "the provider did not answer within the proxy's time limit");
        } catch (IOException e) {
            if (causedBy(e, RequestBody.TooLargeException.class)) {
                throw RequestBody.tooLarge();
            }
            throw new ProxyFailedException(ProxyFailedException.Reason.UNREACHABLE, "the provider could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxyFailedException(ProxyFailedException.Reason.UNREACHABLE, "the call was interrupted");
        }
    }

    /**
     * After a 401: the connection's credential after a forced refresh, or null when the refresh gave no
     * new token (a token without expiry is never refreshed) or the provider could not refresh just now,
     * in which case the 401 goes back as it is. A refused grant (needs_reauth) is thrown.
     */
    private ConnectionService.ApiAccess renewed(ProxyRequest request, ConnectionService.ApiAccess before,
                                                HttpResponse<InputStream> rejected) {
        ConnectionService.ApiAccess after;
        try {
            after = connections.apiAccess(request.connectionId(), MIN_TTL, true, request.actor());
        } catch (RefreshUnavailableException e) {
            return null;
        } catch (RuntimeException e) {
            discard(rejected);
            throw e;
        }
        // Plaintext compared in constant time, only to learn whether there is a new token to try.
        boolean same = MessageDigest.isEqual(
                before.credentials().accessToken().revealPlaintext().getBytes(StandardCharsets.UTF_8),
                after.credentials().accessToken().revealPlaintext().getBytes(StandardCharsets.UTF_8));
        if (same) {
            return null;
        }
        discard(rejected);
        return after;
    }

    /**
     * Streams the answer to the caller; 0 when the provider broke off midway after part of it reached
     * the caller (whose transfer is then broken off too). Throws {@link ProxyFailedException} when it
     * broke off before anything reached the caller.
     */
    private int passBack(HttpResponse<InputStream> response, ResponseSink sink) {
        InputStream in = response.body();
        try (in) {
            OutputStream out;
            try {
                out = sink.start(response.statusCode(), HeaderRules.backToCaller(response.headers()));
            } catch (IOException e) {
                return response.statusCode(); // the caller went away
            }
            byte[] buffer = new byte[BUFFER_BYTES];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    if (sink.abort()) {
                        return 0;
                    }
                    throw new ProxyFailedException(ProxyFailedException.Reason.UNREACHABLE,
                            "the provider broke off its answer");
                }
                if (n < 0) {
                    break;
                }
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    return response.statusCode(); // the caller went away; closing drops the provider's rest
                }
            }
            try {
                out.close();
            } catch (IOException e) {
                // the caller went away at the very end
            }
            return response.statusCode();
        } catch (IOException e) {
            return response.statusCode(); // closing the provider's stream failed: nothing left to do
        }
    }

    private static void discard(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException e) {
            // the connection is dropped instead of reused
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxyFailedException(ProxyFailedException.Reason.UNREACHABLE, "the call was interrupted");
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
