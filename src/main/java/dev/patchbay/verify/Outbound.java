package dev.patchbay.verify;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one check request: the destination must pass the {@link AddressGuard}, redirects are never
 * followed, and name resolution, connecting and reading the (bounded) answer together get one time
 * limit. Thread-safe.
 */
public final class Outbound {
    /** Enough for any token-endpoint error; a longer body is cut, never buffered whole. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final String USER_AGENT = "Patchbay-Verification/1";

    /** An answer of the service: status, content type (maybe empty) and at most {@link #MAX_BODY_BYTES} of body. */
    public record Answer(int status, String contentType, byte[] body) {
    }

    private final Duration limit;
    private final AddressGuard guard;
    private final NameResolver names;
    private final ExecutorService resolver;
    /** Built on the first check: building one sets up TLS (trust store included), a cost start-up need not pay. */
    private HttpClient client;

    /** An outbound path for calls other than checks (token requests of connections), with its own guard. */
    public static Outbound guarded(Duration limit, boolean allowPrivate) {
        return new Outbound(limit, new AddressGuard(allowPrivate), NameResolver.SYSTEM);
    }

    Outbound(Duration limit, AddressGuard guard, NameResolver names) {
        this.limit = limit;
        this.guard = guard;
        this.names = names;
        this.resolver = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "patchbay-verify-dns");
            thread.setDaemon(true);
            return thread;
        });
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    // A redirect could lead anywhere, including past the address guard.
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(limit)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return client;
    }

    public Duration limit() {
        return limit;
    }

    /** A request builder for {@code uri} with the per-call limit and Patchbay's user agent set. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(limit).header("User-Agent", USER_AGENT);
    }

    /**
     * Sends {@code request} and returns the answer; throws what {@link Failures#classify} understands:
     * {@link TimeoutException} when the limit passed, {@link RefusedDestinationException}, or another
     * {@link IOException}.
     */
    public Answer send(HttpRequest request) throws IOException, TimeoutException, InterruptedException {
        HttpClient client = client(); // before the deadline starts: building it is not the service's time
        long deadline = System.nanoTime() + limit.toNanos();
        URI uri = request.uri();
        guard.check(uri.getHost(), resolve(uri.getHost(), deadline));
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request, info -> new LimitedBody(MAX_BODY_BYTES));
        try {
            HttpResponse<byte[]> response = exchange.get(remaining(deadline), TimeUnit.NANOSECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (TimeoutException | InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    /**
     * Checks, without calling it, that {@code uri}'s host resolves to addresses the guard lets calls reach:
     * throws {@link RefusedDestinationException} when it does not, another {@link IOException} when the
     * name does not resolve, {@link TimeoutException} past the limit.
     */
    public void checkDestination(URI uri) throws IOException, TimeoutException, InterruptedException {
        guard.check(uri.getHost(), resolve(uri.getHost(), System.nanoTime() + limit.toNanos()));
    }

    /** Every address of {@code host}; the JDK resolver has no timeout of its own, so it runs under the deadline. */
    private InetAddress[] resolve(String host, long deadline) throws IOException, TimeoutException, InterruptedException {
        CompletableFuture<InetAddress[]> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return names.resolve(host);
            } catch (java.net.UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, resolver);
        try {
            return lookup.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw asIoException(e.getCause());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static IOException asIoException(Throwable cause) {
        Throwable t = cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                ? cause.getCause() : cause;
        return t instanceof IOException io ? io : new IOException(t.getClass().getSimpleName(), t);
    }
}
