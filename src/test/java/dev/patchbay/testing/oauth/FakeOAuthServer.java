package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake OAuth 2.0 authorization server and provider API on 127.0.0.1 and a free port, for tests:
 * {@code GET /authorize} (with a consent page), {@code POST /token}, {@code POST /revoke} and the
 * API under {@code /api}. Register clients and adjust {@link #settings()} per test; every request
 * is recorded for assertions. Thread-safe. Close it to stop it (or use {@link FakeOAuthExtension}).
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver} rather than Jetty: plain blocking handlers on a
 * thread pool keep the fake short, and the fake then shares no HTTP code with the Jetty server
 * under test, so a bug of that stack cannot hide on both sides.
 */
public final class FakeOAuthServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final FakeOAuthSettings settings = new FakeOAuthSettings();
    private final Clients clients = new Clients();
    private final TokenStore tokens;
    private final Queue<TokenFault> faults = new ConcurrentLinkedQueue<>();
    private final List<AuthorizeRequest> authorizeRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<TokenRequest> tokenRequests = Collections.synchronizedList(new ArrayList<>());
    private final List<RevocationRequest> revocations = Collections.synchronizedList(new ArrayList<>());
    private final List<ApiCall> apiCalls = Collections.synchronizedList(new ArrayList<>());
    private final AuthorizeEndpoint authorize;
    private final TokenEndpoint token;
    private final ResourceApi api;

    private FakeOAuthServer(Clock clock) throws IOException {
        RandomValues random = new RandomValues();
        ObjectMapper json = new ObjectMapper();
        AuthorizationCodes codes = new AuthorizationCodes(random);
        tokens = new TokenStore(clock, random);
        authorize = new AuthorizeEndpoint(settings, clients, codes, random, clock, authorizeRequests);
        token = new TokenEndpoint(settings, clients, codes, tokens, clock, json, faults, tokenRequests, revocations);
        api = new ResourceApi(settings, tokens, json, apiCalls);
        AtomicInteger threadCount = new AtomicInteger();
        // A growing pool: a delayed token call must not hold up the others, and tests fire 20 at once.
        threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-oauth-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a fake on the system clock. */
    public static FakeOAuthServer start() {
        return start(Clock.systemUTC());
    }

    /** Starts a fake whose codes and tokens expire by {@code clock} (a FakeClock, to expire them without waiting). */
    public static FakeOAuthServer start(Clock clock) {
        try {
            return new FakeOAuthServer(clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The issuer identifier this server stands for (RFC 9207); also its base URL. */
    public String issuer() {
        return baseUrl();
    }

    public String authorizationUrl() {
        return baseUrl() + "/authorize";
    }

    public String tokenUrl() {
        return baseUrl() + "/token";
    }

    /** The same token endpoint under another path, for a descriptor's refresh_url; {@link TokenRequest#path()} tells them apart. */
    public String refreshUrl() {
        return baseUrl() + "/refresh";
    }

    public String revocationUrl() {
        return baseUrl() + "/revoke";
    }

    /** The base of the resource API, {@code <baseUrl>/api}. */
    public String apiBaseUrl() {
        return baseUrl() + "/api";
    }

    public FakeOAuthSettings settings() {
        return settings;
    }

    public RegisteredClient registerClient(String clientId, String clientSecret, String... redirectUris) {
        return registerClient(new RegisteredClient(clientId, clientSecret, List.of(redirectUris)));
    }

    public RegisteredClient registerClient(RegisteredClient client) {
        clients.register(client);
        return client;
    }

    /**
     * Tokens for {@code clientId}, as if a user had just approved {@code scopes}, without the code
     * flow: for tests that import tokens obtained elsewhere. They follow the current settings.
     */
    public IssuedTokens issueTokens(String clientId, List<String> scopes) {
        if (clients.find(clientId) == null) {
            throw new IllegalArgumentException("no client " + clientId + " is registered");
        }
        return tokens.issue(tokens.newFamily(), clientId, settings.userId(), scopes, settings.accessTokenLifetime(),
                settings.refreshTokens());
    }

    /** The next {@code count} calls to {@code POST /token} each suffer {@code fault}, after any queued before. */
    public void failNextTokenCalls(int count, TokenFault fault) {
        for (int i = 0; i < count; i++) {
            faults.add(fault);
        }
    }

    /** The next {@code failures} calls of {@code GET /api/flaky} answer {@code status} with {@code Retry-After}. */
    public void flaky(int failures, int status, Duration retryAfter) {
        api.flaky(failures, status, retryAfter);
    }

    public int flakyCalls() {
        return api.flakyCalls();
    }

    /** Every access token issued so far expires now; refresh tokens stay valid. */
    public void expireAccessTokens() {
        tokens.expireAccessTokens();
    }

    /** Whether {@code GET /api/user} would accept this access token now. */
    public boolean isLive(String accessToken) {
        return tokens.live(accessToken) != null;
    }

    /** Whether this token was revoked, by itself or with its family. */
    public boolean isRevoked(String token) {
        return tokens.isRevoked(token);
    }

    /** The identity of a token this fake issued, or null. */
    public TokenRef refOf(String token) {
        return tokens.ref(token);
    }

    /** Every successful token answer (and {@link #issueTokens}), oldest first. */
    public List<IssuedTokens> issuedTokens() {
        return tokens.issued();
    }

    public List<AuthorizeRequest> authorizeRequests() {
        return snapshot(authorizeRequests);
    }

    /** The last authorization request; fails when there was none. */
    public AuthorizeRequest lastAuthorizeRequest() {
        List<AuthorizeRequest> all = authorizeRequests();
        if (all.isEmpty()) {
            throw new AssertionError("the fake received no authorization request");
        }
        return all.get(all.size() - 1);
    }

    public List<TokenRequest> tokenRequests() {
        return snapshot(tokenRequests);
    }

    /** Token requests with {@code grant_type=refresh_token}, failed ones included. */
    public long refreshGrantCount() {
        return tokenRequests().stream().filter(r -> "refresh_token".equals(r.grantType())).count();
    }

    /** Token requests with {@code grant_type=authorization_code}, failed ones included. */
    public long codeExchangeCount() {
        return tokenRequests().stream().filter(r -> "authorization_code".equals(r.grantType())).count();
    }

    /**
     * The refresh tokens sent to {@code POST /token}, in order of arrival (null for values the fake
     * never issued): a token sent twice after it was rotated shows up twice.
     */
    public List<TokenRef> refreshTokensSent() {
        return tokenRequests().stream().filter(r -> "refresh_token".equals(r.grantType()))
                .map(TokenRequest::refreshToken).toList();
    }

    public List<RevocationRequest> revocations() {
        return snapshot(revocations);
    }

    public List<ApiCall> apiCalls() {
        return snapshot(apiCalls);
    }

    /**
     * What a browser would be sent to after opening {@code authorizationUrl} (a URL the code under
     * test built): the {@code Location} of the fake's redirect back to the client. Fails when the
     * fake answered anything but a redirect (a consent page, a refused request).
     */
    public URI followAuthorization(String authorizationUrl) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return URI.create(response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                    "the fake answered " + response.statusCode() + " and no redirect: " + response.body())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static <T> List<T> snapshot(List<T> list) {
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.startsWith("/api/") || path.equals("/api")) {
                api.handle(exchange);
            } else if (path.equals("/authorize") && method.equals("GET")) {
                authorize.authorize(exchange);
            } else if (path.equals(ConsentPage.DECISION_PATH) && method.equals("POST")) {
                authorize.decide(exchange);
            } else if ((path.equals("/token") || path.equals("/refresh")) && method.equals("POST")) {
                token.token(exchange);
            } else if (path.equals("/revoke") && method.equals("POST")) {
                token.revoke(exchange);
            } else {
                Exchanges.text(exchange, 404, "not found");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Shows as a 500 in the test under way, and with its stack trace in the test's output.
            e.printStackTrace();
            if (exchange.getResponseCode() == -1) {
                Exchanges.text(exchange, 500, "fake-oauth failed: " + e.getClass().getSimpleName());
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
