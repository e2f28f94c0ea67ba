package dev.patchbay.testing.oauth;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /authorize} (RFC 6749 §4.1.1 with PKCE, RFC 7636) and the consent page's
 * {@code POST /authorize/decision}. An unknown client or a redirect URI that is not exactly a
 * registered one gets a 400 page and no redirect (§4.1.2.1); every other error goes back to the
 * client as {@code error=…&state=…}. Thread-safe.
 */
final class AuthorizeEndpoint {
    private static final Pattern S256_CHALLENGE = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    private final FakeOAuthSettings settings;
    private final Clients clients;
    private final AuthorizationCodes codes;
    private final RandomValues random;
    private final Clock clock;
    private final List<AuthorizeRequest> received;
    private final Map<String, Approval> awaitingConsent = new ConcurrentHashMap<>();

    AuthorizeEndpoint(FakeOAuthSettings settings, Clients clients, AuthorizationCodes codes, RandomValues random,
                      Clock clock, List<AuthorizeRequest> received) {
        this.settings = settings;
        this.clients = clients;
        this.codes = codes;
        this.random = random;
        this.clock = clock;
        this.received = received;
    }

    /** What the user is asked to approve; the code it becomes carries the same bindings. */
    private record Approval(String clientId, String redirectUri, List<String> scopes, String codeChallenge,
                            String state, String userId) {
    }

    void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> params;
        try {
            params = Exchanges.query(exchange);
        } catch (Exchanges.BadRequest e) {
            Exchanges.text(exchange, 400, e.getMessage());
            return;
        }
        received.add(new AuthorizeRequest(params));
        RegisteredClient client = clients.find(params.get("client_id"));
        if (client == null) {
            Exchanges.text(exchange, 400, "unknown client_id");
            return;
        }
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
            Exchanges.text(exchange, 400, "redirect_uri is not one registered for this client");
            return;
        }
        String state = params.get("state");
        Refusal refusal = check(params);
        if (refusal != null) {
            back(exchange, 302, redirectUri, state, Map.of("error", refusal.error(),
                    "error_description", refusal.description()));
            return;
        }
        List<String> asked = scopes(params.get("scope"));
        List<String> granted = settings.grantedScopes() != null ? settings.grantedScopes() : asked;
        Approval approval = new Approval(client.clientId(), redirectUri, granted, params.get("code_challenge"),
                state, settings.userId());
        switch (settings.consent()) {
            case AUTO_APPROVE -> approve(exchange, 302, approval);
            case AUTO_DENY -> deny(exchange, 302, approval);
            case ASK -> {
                String requestId = random.token("consent-");
                awaitingConsent.put(requestId, approval);
                byte[] page = ConsentPage.render(client.clientId(), granted, requestId, approval.userId())
                        .getBytes(StandardCharsets.UTF_8);
                Exchanges.send(exchange, 200, "text/html; charset=utf-8", page);
            }
        }
    }

    /** {@code POST /authorize/decision}: the consent page's Approve or Deny; 303 sends the browser on with a GET. */
    void decide(HttpExchange exchange) throws IOException {
        Map<String, String> form;
        try {
            form = Exchanges.form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exchanges.BadRequest e) {
            Exchanges.text(exchange, 400, e.getMessage());
            return;
        }
        String requestId = form.get("request");
        Approval approval = requestId == null ? null : awaitingConsent.remove(requestId);
        if (approval == null) {
            Exchanges.text(exchange, 400, "no authorization request awaits this decision");
            return;
        }
        switch (String.valueOf(form.get("decision"))) {
            case "approve" -> approve(exchange, 303, approval);
            case "deny" -> deny(exchange, 303, approval);
            default -> {
                awaitingConsent.put(requestId, approval);
                Exchanges.text(exchange, 400, "decision must be approve or deny");
            }
        }
    }

    /** Why an authorization request is refused: the OAuth error code and a description for people. */
    private record Refusal(String error, String description) {
    }

    /** The refusal the request earns, or null when it is valid. */
    private Refusal check(Map<String, String> params) {
        String responseType = params.get("response_type");
        if (responseType == null) {
            return new Refusal("invalid_request", "response_type is missing");
        }
        if (!responseType.equals("code")) {
            return new Refusal("unsupported_response_type", "only code is supported");
        }
        String state = params.get("state");
        if (state == null || state.isEmpty()) {
            // Optional in RFC 6749, but a client without state has no CSRF protection: refuse it here.
            return new Refusal("invalid_request", "state is required");
        }
        if (settings.supportedScopes() != null && !settings.supportedScopes().containsAll(scopes(params.get("scope")))) {
            return new Refusal("invalid_scope", "a requested scope is unknown");
        }
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        switch (settings.pkce()) {
            case REFUSED -> {
                if (challenge != null || method != null) {
                    return new Refusal("invalid_request", "PKCE is not supported");
                }
            }
            case REQUIRED -> {
                if (challenge == null) {
                    return new Refusal("invalid_request", "code_challenge is required");
                }
            }
            case OPTIONAL -> {
            }
        }
        if (challenge != null && !"S256".equals(method)) {
            // RFC 7636 §4.4.1: an unsupported transformation is invalid_request; an absent method means plain.
            return new Refusal("invalid_request", "code_challenge_method must be S256");
        }
        if (challenge != null && !S256_CHALLENGE.matcher(challenge).matches()) {
            return new Refusal("invalid_request", "code_challenge is not a base64url SHA-256");
        }
        if (challenge == null && method != null) {
            return new Refusal("invalid_request", "code_challenge_method without code_challenge");
        }
        return null;
    }

    private List<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return List.of();
        }
        return Arrays.stream(scope.split(Pattern.quote(settings.scopeSeparator()))).filter(s -> !s.isEmpty())
                .toList();
    }

    private void approve(HttpExchange exchange, int status, Approval approval) throws IOException {
        String code = codes.issue(new AuthorizationCodes.Code(approval.clientId(), approval.redirectUri(),
                approval.scopes(), approval.codeChallenge(), approval.userId(),
                clock.instant().plus(settings.codeLifetime())));
        back(exchange, status, approval.redirectUri(), approval.state(), Map.of("code", code));
    }

    private void deny(HttpExchange exchange, int status, Approval approval) throws IOException {
        back(exchange, status, approval.redirectUri(), approval.state(), Map.of("error", "access_denied",
                "error_description", "the user denied the request"));
    }

    private void back(HttpExchange exchange, int status, String redirectUri, String state, Map<String, String> result)
            throws IOException {
        Map<String, String> params = new LinkedHashMap<>(result);
        params.put("state", state);
        // RFC 9207 §2: iss goes on error responses too.
        params.put("iss", settings.callbackIss());
        Exchanges.redirect(exchange, status, Exchanges.withParams(redirectUri, params));
    }
}
