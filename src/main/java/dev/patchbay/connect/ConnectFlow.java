package dev.patchbay.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.catalog.AuthType;
import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.FieldError;
import dev.patchbay.catalog.OAuthEndpoints;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.catalog.Scope;
import dev.patchbay.crypto.Secret;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.ConnectSessionRow;
import dev.patchbay.store.ConnectSessionStore;
import dev.patchbay.verify.Placeholders;
import dev.patchbay.verify.SetupConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The browser flow that connects an account: {@link #start} a session, {@link #authorize} (the
 * browser is sent to the provider), {@link #callback} (the provider sends it back). The session token
 * and the state are each consumed by one conditional update, so each works once, across instances
 * too; only their hashes are stored, and neither they nor the code are ever logged. Thread-safe.
 */
public final class ConnectFlow {
    /** How long a session may be used, from its creation to its callback. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    /**
     * Expired sessions are deleted this long after their expiry, not at once: until then a late
     * callback is still told "expired" rather than "unknown".
     */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ConnectFlow.class);
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final TypeReference<List<String>> SCOPES = new TypeReference<>() { };
    /** The parameters Patchbay sets itself; a descriptor's extra parameters never replace them. */
    private static final Set<String> OWN_PARAMETERS = Set.of("response_type", "client_id", "redirect_uri", "scope",
            "state", "code_challenge", "code_challenge_method");

    private final Catalog catalog;
    private final SetupConfigs setups;
    private final ConnectSessionStore sessions;
    private final SecretSealer sealer;
    private final ConnectionGrants grants;
    private final CallbackUrls callbackUrls;
    private final AllowedOrigins allowedOrigins;
    private final Clock clock;
    private final ObjectMapper json;
    private final FlowRandom random = new FlowRandom();

    /** {@code allowedOrigins}: normalized ({@link WebOrigins}) origins a return URL and an origin may use. */
    public ConnectFlow(Catalog catalog, SetupConfigs setups, ConnectSessionStore sessions, SecretSealer sealer,
                       ConnectionGrants grants, CallbackUrls callbackUrls, List<String> allowedOrigins, Clock clock,
                       ObjectMapper json) {
        this.catalog = catalog;
        this.setups = setups;
        this.sessions = sessions;
        this.sealer = sealer;
        this.grants = grants;
        this.callbackUrls = callbackUrls;
        this.allowedOrigins = new AllowedOrigins(allowedOrigins);
        this.clock = clock;
        this.json = json;
    }

    /**
     * Stores a new session for the request in {@code body}. Throws {@link InvalidConnectSessionException}
     * for a body that is not a valid request (unknown or non-oauth2 provider, an origin not allowed,
     * a connection that is not the owner's at this provider) and {@link ProviderNotSetUpException}.
     */
    public StartedSession start(JsonNode body, String actor, String requestId) {
        SessionRequest request = SessionRequest.parse(body);
        List<FieldError> errors = new ArrayList<>();
        ProviderDescriptor provider = catalog.find(request.providerSlug()).orElse(null);
        if (provider == null) {
            errors.add(new FieldError("/provider_slug", "no connector provider has this slug"));
        } else if (provider.authType() != AuthType.OAUTH2) {
            errors.add(new FieldError("/provider_slug", "this provider does not use oauth2: create its connections"
                    + " with POST /v1/connections"));
        }
        String returnUrl = allowedOrigins.returnUrl(request.returnUrl(), errors);
        String origin = allowedOrigins.origin(request.origin(), callbackUrls.ownOrigin(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidConnectSessionException(errors);
        }
        SetupConfig setup = setups.currentConfig(provider.slug()).orElseThrow(ProviderNotSetUpException::new);
        if (request.connectionId() != null
                && !grants.isReauthorizable(request.connectionId(), provider.slug(), request.owner())) {
            throw new InvalidConnectSessionException(List.of(new FieldError("/connection_id",
                    "no connection with this id belongs to this owner at this provider")));
        }
        List<String> scopes = request.scopes() != null ? request.scopes() : defaultScopes(provider, setup);
        String token = random.next();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(LIFETIME);
        sessions.insert(new ConnectSessionRow(FlowRandom.hash(token), null, provider.slug(), request.owner(),
                write(request.tags()), write(scopes),
                request.connectionId() == null ? null : request.connectionId().toString(), returnUrl, origin, null,
                null, actor, requestId, now, expiresAt, null, null));
        return new StartedSession(token, callbackUrls.authorizePath(provider.slug()) + "?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8), expiresAt);
    }

    /**
     * Consumes the session of {@code token} and answers where the browser goes: the provider's
     * authorization URL. Throws {@link FlowRefusedException}, consuming nothing, when the provider
     * cannot start a flow or the token is unknown, used, expired or of another provider.
     */
    public String authorize(String providerSlug, String token) {
        ProviderDescriptor provider = catalog.find(providerSlug)
                .orElseThrow(() -> new FlowRefusedException(FlowRefusedException.Refusal.UNKNOWN_PROVIDER));
        if (provider.authType() != AuthType.OAUTH2) {
            throw new FlowRefusedException(FlowRefusedException.Refusal.NOT_OAUTH2);
        }
        SetupConfig setup = setups.currentConfig(providerSlug)
                .orElseThrow(() -> new FlowRefusedException(FlowRefusedException.Refusal.NOT_SET_UP));
        Placeholders.Filled authorizationUrl = new Placeholders(provider.configSchema(), setup)
                .url(provider.oauth2().authorizationUrl());
        JsonNode clientId = setup.values().get("client_id");
        if (!authorizationUrl.complete() || clientId == null || !clientId.isTextual()) {
            throw new FlowRefusedException(FlowRefusedException.Refusal.NOT_SET_UP);
        }
        if (token == null || token.isEmpty()) {
            throw new FlowRefusedException(FlowRefusedException.Refusal.INVALID_TOKEN);
        }
        OAuthEndpoints oauth = provider.oauth2();
        String state = random.next();
        String verifier = oauth.pkce() ? random.next() : null;
        String tokenHash = FlowRandom.hash(token);
        String redirectUri = callbackUrls.of(provider, setup.values());
        ConnectSessionRow session = sessions.beginAuthorization(tokenHash, providerSlug, clock.instant(),
                        FlowRandom.hash(state),
                        verifier == null ? null : sealer.seal(Secret.of(verifier), providerSlug, verifierField(tokenHash)),
                        redirectUri)
                .orElseThrow(() -> new FlowRefusedException(FlowRefusedException.Refusal.INVALID_TOKEN));
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId.textValue());
        query.put("redirect_uri", redirectUri);
        List<String> scopes = read(session.scopes(), SCOPES);
        if (!scopes.isEmpty()) {
            query.put("scope", String.join(oauth.scopeSeparator(), scopes));
        }
        query.put("state", state);
        if (verifier != null) {
            query.put("code_challenge", FlowRandom.challenge(verifier));
            query.put("code_challenge_method", "S256");
        }
        oauth.authorizationParams().forEach((name, value) -> {
            if (!OWN_PARAMETERS.contains(name)) {
                query.put(name, value);
            }
        });
        log.info("connect flow started provider={} request_id={}", providerSlug, session.requestId());
        return withQuery(authorizationUrl.text(), query);
    }

    /**
     * Ends the flow the provider sent the browser back from, with the callback's query parameters
     * ({@code state}, {@code code}, {@code error}, {@code iss}). The state is consumed first, whatever
     * follows, so a replayed callback ends as {@link FlowOutcome#INVALID_STATE} and stores nothing.
     */
    public FlowEnd callback(Map<String, List<String>> query) {
        String state = single(query, "state");
        if (state == null) {
            return new FlowEnd(FlowOutcome.INVALID_STATE, null, null, null);
        }
        Instant now = clock.instant();
        Optional<ConnectSessionRow> found = sessions.completeAuthorization(FlowRandom.hash(state), now);
        if (found.isEmpty()) {
            // DEBUG, as the access log keeps refusals: a stream of made-up callbacks must not flood the log.
            log.debug("connect callback refused: its state is unknown or used");
            return new FlowEnd(FlowOutcome.INVALID_STATE, null, null, null);
        }
        ConnectSessionRow session = found.get();
        FlowOutcome outcome;
        UUID connectionId = null;
        if (!session.expiresAt().isAfter(now)) {
            outcome = FlowOutcome.EXPIRED;
        } else {
            Redeemed redeemed = redeem(session, query);
            outcome = redeemed.outcome();
            connectionId = redeemed.connectionId();
        }
        log.info("connect flow ended provider={} outcome={} request_id={}", session.providerSlug(), outcome.metric(),
                session.requestId());
        return new FlowEnd(outcome, connectionId, session.returnUrl(), session.origin());
    }

    private record Redeemed(FlowOutcome outcome, UUID connectionId) {
    }

    private Redeemed redeem(ConnectSessionRow session, Map<String, List<String>> query) {
        ProviderDescriptor provider = catalog.find(session.providerSlug()).orElse(null);
        if (provider == null || provider.authType() != AuthType.OAUTH2) {
            return new Redeemed(FlowOutcome.EXCHANGE_FAILED, null);
        }
        Optional<SetupConfig> setup = setups.currentConfig(provider.slug());
        // RFC 9207 §2.4: with iss present, it must be this provider's issuer, on errors as on codes.
        if (query.containsKey("iss") && !isIssuer(single(query, "iss"), provider, setup)) {
            return new Redeemed(FlowOutcome.INVALID_ISSUER, null);
        }
        if (query.containsKey("error")) {
            return new Redeemed("access_denied".equals(single(query, "error"))
                    ? FlowOutcome.DENIED : FlowOutcome.EXCHANGE_FAILED, null);
        }
        String code = single(query, "code");
        if (code == null || code.isEmpty() || setup.isEmpty()) {
            return new Redeemed(FlowOutcome.EXCHANGE_FAILED, null);
        }
        String verifier = session.pkceVerifier() == null ? null
                : sealer.open(session.pkceVerifier(), provider.slug(), verifierField(session.tokenHash())).revealPlaintext();
        try {
            UUID id = grants.redeem(new Redemption(provider, setup.get(), code, session.redirectUri(), verifier,
                    session.owner(), read(session.tags(), TAGS), read(session.scopes(), SCOPES),
                    session.connectionId() == null ? null : UUID.fromString(session.connectionId()),
                    session.createdBy(), session.requestId()));
            return new Redeemed(FlowOutcome.CONNECTED, id);
        } catch (GrantFailedException e) {
            log.info("connect flow's code exchange failed provider={} reason={} request_id={}", provider.slug(),
                    e.reason(), session.requestId());
            return new Redeemed(FlowOutcome.EXCHANGE_FAILED, null);
        }
    }

    /** Whether {@code iss} is the provider's declared issuer, its placeholders filled from the setup. */
    private static boolean isIssuer(String iss, ProviderDescriptor provider, Optional<SetupConfig> setup) {
        String template = provider.oauth2().issuer();
        if (iss == null || template == null || setup.isEmpty()) {
            return false;
        }
        Placeholders.Filled issuer = new Placeholders(provider.configSchema(), setup.get()).url(template);
        return issuer.complete() && issuer.text().equals(iss);
    }

    /** Deletes the sessions expired for longer than {@link #KEPT_AFTER_EXPIRY}; returns how many. */
    public int purgeExpired() {
        return sessions.deleteExpired(clock.instant().minus(KEPT_AFTER_EXPIRY));
    }

    /** The verifier's ciphertext is bound to its provider and to its session. */
    private static String verifierField(String tokenHash) {
        return "connect_session:" + tokenHash + ":pkce_verifier";
    }

    /** The setup's own {@code scopes} when it lists any, else the provider's default scopes. */
    private static List<String> defaultScopes(ProviderDescriptor provider, SetupConfig setup) {
        JsonNode own = setup.values().get("scopes");
        if (own != null && own.isArray() && !own.isEmpty()) {
            List<String> scopes = new ArrayList<>();
            own.forEach(scope -> scopes.add(scope.asText()));
            return scopes;
        }
        return provider.defaultScopes().stream().map(Scope::name).toList();
    }

    /** {@code url} with {@code query} appended, form-encoded (RFC 6749 Appendix B), after any query it has. */
    static String withQuery(String url, Map<String, String> query) {
        StringBuilder out = new StringBuilder(url);
        char separator = hasQuery(url) ? '&' : '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            out.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return out.toString();
    }

    private static boolean hasQuery(String url) {
        try {
            return new URI(url).getRawQuery() != null;
        } catch (URISyntaxException e) {
            return url.contains("?");
        }
    }

    /** The parameter's one value; null when it is absent or given more than once. */
    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored connect session is corrupt");
        }
    }
}
