package dev.patchbay.testing.oauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Pattern;

/**
 * {@code POST /token} (RFC 6749 §4.1.3 and §6, PKCE per RFC 7636 §4.6; also served at
 * {@code /refresh}, for descriptors with a refresh_url of their own) and {@code POST /revoke}
 * (RFC 7009). Every call is recorded, failed ones included. Thread-safe: the grant logic lives in
 * the synchronized stores.
 */
final class TokenEndpoint {
    private static final Pattern VERIFIER = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");

    private final FakeOAuthSettings settings;
    private final Clients clients;
    private final AuthorizationCodes codes;
    private final TokenStore tokens;
    private final Clock clock;
    private final ObjectMapper json;
    private final Queue<TokenFault> faults;
    private final List<TokenRequest> tokenRequests;
    private final List<RevocationRequest> revocations;

    TokenEndpoint(FakeOAuthSettings settings, Clients clients, AuthorizationCodes codes, TokenStore tokens, Clock clock,
                  ObjectMapper json, Queue<TokenFault> faults, List<TokenRequest> tokenRequests,
                  List<RevocationRequest> revocations) {
        this.settings = settings;
        this.clients = clients;
        this.codes = codes;
        this.tokens = tokens;
        this.clock = clock;
        this.json = json;
        this.faults = faults;
        this.tokenRequests = tokenRequests;
        this.revocations = revocations;
    }

    /** A token call's answer before it is written: the JSON body on 200, else the OAuth error. */
    private record Answer(int status, String error, String description, ObjectNode body) {
        static Answer error(int status, String error, String description) {
            return new Answer(status, error, description, null);
        }
    }

    void token(HttpExchange exchange) throws IOException, InterruptedException {
        Exchanges.Body body;
        String[] basic;
        try {
            body = Exchanges.body(exchange, json);
            basic = Exchanges.basicCredentials(exchange, true);
        } catch (Exchanges.BadRequest e) {
            tokenRequests.add(new TokenRequest(null, null, null, null, null, Map.of(), 400, "invalid_request",
                    exchange.getRequestURI().getPath()));
            writeError(exchange, Answer.error(400, "invalid_request", e.getMessage()), false);
            return;
        }
        Map<String, String> params = body.params();
        String grantType = params.get("grant_type");
        TokenRef refreshRef = tokens.ref(params.get("refresh_token"));
        TokenFault fault = faults.poll();
        if (fault != null) {
            Thread.sleep(fault.delay().toMillis());
        }
        Clients.Authentication auth = clients.authenticate(basic, params, settings.clientAuth());
        String clientId = auth.ok() ? auth.client().clientId() : auth.claimedClientId();
        Answer answer;
        if (fault != null && fault.status() != 0) {
            answer = Answer.error(fault.status(), fault.error(), "injected fault");
        } else if (body.format() == null || !settings.requestFormats().contains(body.format())) {
            answer = Answer.error(400, "invalid_request", "unsupported request format");
        } else if (!auth.ok()) {
            answer = Answer.error(auth.status(), auth.error(), "client authentication failed");
        } else if ("authorization_code".equals(grantType)) {
            answer = exchangeCode(auth.client(), params);
        } else if ("refresh_token".equals(grantType)) {
            answer = refresh(auth.client(), params);
        } else {
            answer = Answer.error(400, grantType == null ? "invalid_request" : "unsupported_grant_type",
                    "grant_type must be authorization_code or refresh_token");
        }
        answer = inProviderStyle(answer);
        tokenRequests.add(new TokenRequest(grantType, clientId, auth.method(), body.format(), refreshRef, params,
                answer.status(), answer.error(), exchange.getRequestURI().getPath()));
        if (answer.body() != null) {
            Exchanges.json(exchange, 200, answer.body(), json);
        } else if (answer.error() == null) {
            Exchanges.text(exchange, answer.status(), "injected failure");
        } else {
            writeError(exchange, answer, auth.basicTried());
        }
    }

    /** An OAuth error as this provider words it: its own codes, and HTTP 200 when it answers errors so (GitHub). */
    private Answer inProviderStyle(Answer answer) {
        if (answer.error() == null) {
            return answer;
        }
        return new Answer(settings.errorsAsHttp200() ? 200 : answer.status(),
                settings.errorCodes().getOrDefault(answer.error(), answer.error()), answer.description(), null);
    }

    private Answer exchangeCode(RegisteredClient client, Map<String, String> params) {
        String verifier = params.get("code_verifier");
        if (verifier != null && settings.pkce() == PkcePolicy.REFUSED) {
            return Answer.error(400, "invalid_request", "PKCE is not supported");
        }
        AuthorizationCodes.Redemption redemption = codes.redeem(params.get("code"),
                code -> mismatch(code, client, params.get("redirect_uri"), verifier), tokens::newFamily);
        if (!redemption.ok()) {
            if (redemption.family() > 0) {
                // RFC 6749 §4.1.2: a code used twice SHOULD revoke what it was exchanged for.
                tokens.revokeFamily(redemption.family());
            }
            return Answer.error(400, redemption.error(), "the code is invalid, expired, used or bound elsewhere");
        }
        AuthorizationCodes.Code code = redemption.code();
        IssuedTokens issued = tokens.issue(redemption.family(), client.clientId(), code.userId(), code.scopes(),
                settings.accessTokenLifetime(), settings.refreshTokens());
        return new Answer(200, null, null, tokenResponse(issued, code.scopes()));
    }

    /** The OAuth error when the token request does not match what the code is bound to, else null. */
    private String mismatch(AuthorizationCodes.Code code, RegisteredClient client, String redirectUri, String verifier) {
        if (!clock.instant().isBefore(code.expiresAt()) || !code.clientId().equals(client.clientId())
                || !code.redirectUri().equals(redirectUri)) {
            return "invalid_grant";
        }
        if (code.codeChallenge() == null) {
            return null;
        }
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return "invalid_grant";
        }
        return MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                code.codeChallenge().getBytes(StandardCharsets.US_ASCII)) ? null : "invalid_grant";
    }

    private Answer refresh(RegisteredClient client, Map<String, String> params) {
        String scope = params.get("scope");
        List<String> narrowed = scope == null ? null : List.of(scope.split(Pattern.quote(settings.scopeSeparator())));
        TokenStore.Refresh refresh = tokens.refresh(params.get("refresh_token"), client.clientId(), narrowed,
                settings.rotation(), settings.accessTokenLifetime());
        if (refresh.error() != null) {
            return Answer.error(400, refresh.error(), "the refresh token is invalid, revoked or superseded, "
                    + "or the scope widens the grant");
        }
        return new Answer(200, null, null, tokenResponse(refresh.tokens(), refresh.scopes()));
    }

    private ObjectNode tokenResponse(IssuedTokens issued, List<String> scopes) {
        ObjectNode answer = json.createObjectNode();
        ObjectNode fields = answer;
        if (settings.tokenResponsePath() != null) {
            fields = answer.putObject(settings.tokenResponsePath());
        }
        fields.put("access_token", issued.accessToken());
        fields.put("token_type", settings.tokenType());
        Duration lifetime = settings.accessTokenLifetime();
        if (lifetime != null) {
            fields.put("expires_in", lifetime.toSeconds());
        }
        if (issued.refreshToken() != null) {
            fields.put("refresh_token", issued.refreshToken());
        }
        if (settings.scopeInTokenResponse()) {
            fields.put("scope", String.join(settings.scopeSeparator(), scopes));
        }
        settings.extraTokenValues().forEach((name, value) -> answer.set(name, json.valueToTree(value)));
        return answer;
    }

    void revoke(HttpExchange exchange) throws IOException {
        Exchanges.Body body;
        String[] basic;
        try {
            body = Exchanges.body(exchange, json);
            basic = Exchanges.basicCredentials(exchange, true);
        } catch (Exchanges.BadRequest e) {
            revocations.add(new RevocationRequest(null, null, null, 400));
            writeError(exchange, Answer.error(400, "invalid_request", e.getMessage()), false);
            return;
        }
        Map<String, String> params = body.params();
        String token = params.get("token");
        TokenRef ref = tokens.ref(token);
        Clients.Authentication auth = clients.authenticate(basic, params, settings.clientAuth());
        Answer answer;
        if (!auth.ok()) {
            answer = Answer.error(auth.status(), auth.error(), "client authentication failed");
        } else if (token == null) {
            answer = Answer.error(400, "invalid_request", "token is missing");
        } else if (ref != null && !auth.client().clientId().equals(tokens.clientOf(token))) {
            // RFC 7009 §2.1: the server checks the token was issued to the client asking.
            answer = Answer.error(400, "unauthorized_client", "the token was issued to another client");
        } else {
            tokens.revoke(token);
            answer = new Answer(200, null, null, null);
        }
        revocations.add(new RevocationRequest(auth.claimedClientId(), ref, params.get("token_type_hint"),
                answer.status()));
        if (answer.status() == 200) {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        } else {
            writeError(exchange, answer, auth.basicTried());
        }
    }

    private void writeError(HttpExchange exchange, Answer answer, boolean basicTried) throws IOException {
        if (answer.status() == 401 && basicTried) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake-oauth\"");
        }
        ObjectNode body = json.createObjectNode();
        body.put("error", answer.error());
        body.put("error_description", answer.description());
        Exchanges.json(exchange, answer.status(), body, json);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
