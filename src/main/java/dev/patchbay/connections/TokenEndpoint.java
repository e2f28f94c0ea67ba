package dev.patchbay.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.BodyFormat;
import dev.patchbay.catalog.ClientAuth;
import dev.patchbay.catalog.OAuthEndpoints;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.crypto.Secret;
import dev.patchbay.verify.Outbound;
import dev.patchbay.verify.Placeholders;
import dev.patchbay.verify.RefusedDestinationException;
import dev.patchbay.verify.SetupConfig;
import dev.patchbay.verify.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Token endpoint calls for one provider (RFC 6749 §4.1.3 and §6, RFC 7009): the code exchange, the
 * refresh and the revocation, with the descriptor's client authentication, request format, extra
 * parameters and response path. Calls go through the same outbound path and address guard as
 * verification. Thread-safe. Nothing here logs a token, a code or a response body.
 */
public final class TokenEndpoint {
    private static final Logger log = LoggerFactory.getLogger(TokenEndpoint.class);
    /** Codes providers use for a grant that is gone (RFC 6749's, Slack's, GitHub's). */
    private static final Set<String> GRANT_GONE = Set.of("invalid_grant", "invalid_refresh_token",
            "bad_refresh_token", "token_revoked", "token_expired", "invalid_code", "bad_verification_code",
            "expired_token");
    private static final Set<String> CLIENT_REFUSED = Set.of("invalid_client", "unauthorized_client",
            "invalid_client_id", "bad_client_secret", "incorrect_client_credentials");

    private final Outbound outbound;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public TokenEndpoint(Outbound outbound, Clock clock) {
        this.outbound = outbound;
        this.clock = clock;
    }

    /** Exchanges an authorization code (RFC 6749 §4.1.3), with the PKCE verifier when there is one. */
    public TokenSet exchangeCode(ProviderDescriptor provider, SetupConfig setup, String code, String redirectUri,
                                 String codeVerifier) throws TokenCallException {
        OAuthEndpoints oauth2 = oauth2(provider);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "authorization_code");
        params.put("code", code);
        if (redirectUri != null) {
            params.put("redirect_uri", redirectUri);
        }
        if (codeVerifier != null) {
            params.put("code_verifier", codeVerifier);
        }
        params.putAll(oauth2.tokenParams());
        return tokens(provider, call(provider, setup, oauth2.tokenUrl(), params, oauth2.requestFormat()));
    }

    /** Refreshes (RFC 6749 §6) with the setup's current client credentials. */
    public TokenSet refresh(ProviderDescriptor provider, SetupConfig setup, Secret refreshToken)
            throws TokenCallException {
        OAuthEndpoints oauth2 = oauth2(provider);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "refresh_token");
        // Plaintext leaves here only for the provider's own token endpoint, which issued it.
        params.put("refresh_token", refreshToken.revealPlaintext());
        return tokens(provider, call(provider, setup, oauth2.refreshUrl(), params, oauth2.requestFormat()));
    }

    /**
     * Revokes {@code token} (RFC 7009) where the descriptor names a revocation URL: best effort, so it
     * answers whether the provider confirmed it and never throws for what the provider or network does.
     */
    public boolean revoke(ProviderDescriptor provider, SetupConfig setup, Secret token, String tokenTypeHint) {
        OAuthEndpoints oauth2 = provider.oauth2();
        if (oauth2 == null || oauth2.revocationUrl() == null) {
            return false;
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("token", token.revealPlaintext());
        params.put("token_type_hint", tokenTypeHint);
        try {
            Outbound.Answer answer = call(provider, setup, oauth2.revocationUrl(), params, BodyFormat.FORM);
            boolean ok = answer.status() >= 200 && answer.status() < 300;
            log.info("revocation provider={} status={}", provider.slug(), answer.status());
            return ok;
        } catch (TokenCallException e) {
            log.info("revocation provider={} failed: {}", provider.slug(), e.code());
            return false;
        }
    }

    private static OAuthEndpoints oauth2(ProviderDescriptor provider) throws TokenCallException {
        if (provider.oauth2() == null) {
            throw new TokenCallException(TokenCallException.Kind.REJECTED_CLIENT, "not_oauth2");
        }
        return provider.oauth2();
    }

    private Outbound.Answer call(ProviderDescriptor provider, SetupConfig setup, String urlTemplate,
                                 Map<String, String> params, BodyFormat format) throws TokenCallException {
        Placeholders.Filled url = new Placeholders(provider.configSchema(), setup).url(urlTemplate);
        URI target = url.complete() ? Targets.parse(url.text()) : null;
        String clientId = setup.value("client_id");
        Secret clientSecret = setup.secrets().get("client_secret");
        if (target == null || clientId == null || clientSecret == null) {
            throw new TokenCallException(TokenCallException.Kind.REJECTED_CLIENT, "setup_incomplete");
        }
        HttpRequest.Builder builder = outbound.request(target);
        Map<String, String> body = new LinkedHashMap<>(params);
        // Plaintext leaves here only for the provider's own token endpoint.
        String secret = clientSecret.revealPlaintext();
        if (provider.oauth2().clientAuth() == ClientAuth.BASIC) {
            // As verification sends it, so that a setup that passed its check authenticates the same way.
            String credentials = clientId + ":" + secret;
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            body.put("client_id", clientId);
            body.put("client_secret", secret);
        }
        String text;
        if (format == BodyFormat.JSON) {
            ObjectNode object = json.createObjectNode();
            body.forEach(object::put);
            text = object.toString();
            builder.header("Content-Type", "application/json");
        } else {
            text = body.entrySet().stream()
                    .map(p -> URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            builder.header("Content-Type", "application/x-www-form-urlencoded");
        }
        builder.header("Accept", "application/json");
        try {
            return outbound.send(builder.POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)).build());
        } catch (TimeoutException e) {
            throw new TokenCallException(TokenCallException.Kind.TEMPORARY, "timeout");
        } catch (RefusedDestinationException e) {
            throw new TokenCallException(TokenCallException.Kind.REJECTED_CLIENT, "refused_destination");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenCallException(TokenCallException.Kind.TEMPORARY, "interrupted");
        } catch (IOException e) {
            throw new TokenCallException(TokenCallException.Kind.TEMPORARY,
                    e instanceof java.net.http.HttpTimeoutException ? "timeout" : "unreachable");
        }
    }

    /** The tokens of a successful answer, or the classified failure of any other. */
    private TokenSet tokens(ProviderDescriptor provider, Outbound.Answer answer) throws TokenCallException {
        int status = answer.status();
        if (status == 429 || status >= 500) {
            throw new TokenCallException(TokenCallException.Kind.TEMPORARY, "http_" + status);
        }
        JsonNode root = parse(answer);
        String error = root == null ? null : code(root.path("error"));
        if (status < 200 || status >= 300 || root == null || (error != null && !root.has("access_token"))) {
            throw failure(status, error);
        }
        OAuthEndpoints oauth2 = provider.oauth2();
        JsonNode tokens = oauth2.tokenResponsePath() == null ? root : root.path(oauth2.tokenResponsePath());
        JsonNode access = tokens.get("access_token");
        if (access == null || !access.isTextual() || access.asText().isEmpty()) {
            throw new TokenCallException(TokenCallException.Kind.TEMPORARY, "no_access_token");
        }
        JsonNode refresh = tokens.get("refresh_token");
        Instant expiresAt = null;
        JsonNode expiresIn = tokens.get("expires_in");
        if (expiresIn != null && (expiresIn.isNumber() || expiresIn.asText().matches("\\d{1,10}"))) {
            long seconds = expiresIn.asLong();
            expiresAt = seconds > 0 ? clock.instant().plusSeconds(seconds) : null;
        }
        List<String> scopes = new ArrayList<>();
        JsonNode scope = tokens.get("scope");
        if (scope != null && scope.isTextual()) {
            for (String name : scope.asText().split(java.util.regex.Pattern.quote(oauth2.scopeSeparator()))) {
                if (!name.isBlank()) {
                    scopes.add(name.strip());
                }
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : oauth2.connectionValues()) {
            JsonNode value = root.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                values.put(name, value.asText());
            }
        }
        JsonNode type = tokens.get("token_type");
        return new TokenSet(Secret.of(access.asText()),
                refresh != null && refresh.isTextual() && !refresh.asText().isEmpty() ? Secret.of(refresh.asText()) : null,
                type != null && type.isTextual() ? type.asText() : null, expiresAt, scopes, values);
    }

    private static TokenCallException failure(int status, String error) {
        if (error != null && GRANT_GONE.contains(error)) {
            return new TokenCallException(TokenCallException.Kind.INVALID_GRANT, error);
        }
        if (status >= 200 && status < 300 && error == null) {
            return new TokenCallException(TokenCallException.Kind.TEMPORARY, "unreadable_answer");
        }
        String code = error != null ? error : "http_" + status;
        if (error == null && status != 400 && status != 401 && status != 403) {
            return new TokenCallException(TokenCallException.Kind.TEMPORARY, code);
        }
        return new TokenCallException(TokenCallException.Kind.REJECTED_CLIENT, code);
    }

    /** The answer as a JSON object (a form-encoded answer becomes one); null when it is neither. */
    private JsonNode parse(Outbound.Answer answer) {
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        if (answer.contentType().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            ObjectNode form = json.createObjectNode();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
            return form;
        }
        try {
            JsonNode node = json.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** An error code as a short token, never more of what the provider sent. */
    private static String code(JsonNode error) {
        if (error == null || !error.isTextual()) {
            return null;
        }
        String token = Targets.token(error.asText());
        return token == null ? null : token.length() > 60 ? token.substring(0, 60) : token;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
