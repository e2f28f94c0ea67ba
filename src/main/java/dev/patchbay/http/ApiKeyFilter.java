package dev.patchbay.http;

import dev.patchbay.auth.ApiKeys;
import dev.patchbay.auth.FailedKeyThrottle;
import dev.patchbay.auth.KeyScope;
import dev.patchbay.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.Map;
import java.util.Optional;

/**
 * Guards {@code /v1/}: a request needs an active key in {@code X-API-Key} (or
 * {@code Authorization: Bearer}); a {@code read} key may only GET, and not credentials; a
 * {@code connect} key may only use connect sessions, connections and the proxy, and learn its own name
 * and scope from {@code GET /v1/admin/me}.
 */
final class ApiKeyFilter {
    private static final String ATTRIBUTE = "patchbay.principal";
    static final String WRONG_KEY = "The API key is unknown or revoked.";
    static final String TOO_MANY_WRONG_KEYS = "Too many wrong API keys from this address; retry later.";
    static final Map<String, String> CHALLENGE =
            Map.of("WWW-Authenticate", "ApiKey realm=\"patchbay\", Bearer realm=\"patchbay\"");

    private final ApiKeys keys;
    private final FailedKeyThrottle throttle;

    ApiKeyFilter(ApiKeys keys, FailedKeyThrottle throttle) {
        this.keys = keys;
        this.throttle = throttle;
    }

    void check(Context ctx) {
        String presented = presentedKey(ctx);
        if (presented == null) {
            throw new HttpProblem(ProblemType.UNAUTHORIZED,
                    "An API key is required: send it in the X-API-Key header.", CHALLENGE);
        }
        Optional<Principal> found = keys.authenticate(presented);
        Principal principal = found.orElseThrow(() -> wrongKey(ctx));
        String refused = refusal(principal.scope(), ctx.method(), ctx.path());
        if (refused != null) {
            throw new HttpProblem(ProblemType.FORBIDDEN, refused);
        }
        ctx.attribute(ATTRIBUTE, principal);
    }

    private HttpProblem wrongKey(Context ctx) {
        return throttle.recordFailure(ctx.ip())
                .map(wait -> new HttpProblem(ProblemType.TOO_MANY_REQUESTS, TOO_MANY_WRONG_KEYS,
                        Map.of("Retry-After", retryAfterSeconds(wait))))
                .orElseGet(() -> new HttpProblem(ProblemType.UNAUTHORIZED, WRONG_KEY, CHALLENGE));
    }

    /** The Retry-After of a throttled address: whole seconds, at least one. */
    static String retryAfterSeconds(java.time.Duration wait) {
        return Long.toString(Math.max(1, wait.toSeconds()));
    }

    /** Why a key of {@code scope} may not make this call, or null when it may. */
    static String refusal(KeyScope scope, HandlerType method, String path) {
        return switch (scope) {
            case ADMIN -> null;
            case READ -> path.startsWith(WebhookRoutes.ROOT) ? "Webhook endpoints and their deliveries need an admin key."
                    : !isRead(method) ? "This key has the read scope; this call needs an admin key."
                    : isCredentials(path) || path.startsWith(PROXY)
                    ? "This key has the read scope, which does not read credentials; use a connect or admin key." : null;
            // Every key may ask who it is: a client (the console) learns what to offer from the answer.
            case CONNECT -> isConnectCall(path) || (isRead(method) && path.equals(KeyRoutes.PATH)) ? null
                    : "This key has the connect scope: it may use connect sessions, connections, their credentials"
                    + " and the proxy only.";
        };
    }

    private static final String CONNECTIONS = "/v1/connections";
    private static final String SESSIONS = "/v1/connect-sessions";
    private static final String PROXY = "/v1/proxy/";

    private static boolean isConnectCall(String path) {
        return path.equals(CONNECTIONS) || path.startsWith(CONNECTIONS + "/") || path.equals(SESSIONS)
                || path.startsWith(SESSIONS + "/") || path.startsWith(PROXY);
    }

    private static boolean isCredentials(String path) {
        return path.startsWith(CONNECTIONS + "/") && path.endsWith("/credentials");
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    private static boolean isRead(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
    }

    private static String presentedKey(Context ctx) {
        return presentedKey(ctx.header("X-API-Key"), ctx.header("Authorization"));
    }

    /** The key from {@code X-API-Key}, else from {@code Authorization: Bearer}; null when neither holds one. */
    static String presentedKey(String key, String authorization) {
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String bearer = authorization.substring(7).strip();
            return bearer.isEmpty() ? null : bearer;
        }
        return null;
    }
}
