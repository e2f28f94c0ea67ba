package dev.patchbay.testing.oauth;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the fake behaves; a test changes it at any time through the fluent setters, and the next
 * request sees the change. Thread-safe: every field is volatile and holds an immutable value.
 * The defaults are those of a strict, standard provider.
 */
public final class FakeOAuthSettings {
    private volatile Set<ClientAuthMethod> clientAuth = Set.copyOf(EnumSet.allOf(ClientAuthMethod.class));
    private volatile Set<RequestFormat> requestFormats = Set.copyOf(EnumSet.allOf(RequestFormat.class));
    private volatile PkcePolicy pkce = PkcePolicy.REQUIRED;
    private volatile Consent consent = Consent.AUTO_APPROVE;
    private volatile String callbackIss;
    private volatile String scopeSeparator = " ";
    private volatile Set<String> supportedScopes;
    private volatile List<String> grantedScopes;
    private volatile boolean scopeInTokenResponse = true;
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile Duration codeLifetime = Duration.ofMinutes(1);
    private volatile boolean refreshTokens = true;
    private volatile boolean rotation = true;
    private volatile String tokenType = "Bearer";
    private volatile Map<String, Object> extraTokenValues = Map.of();
    private volatile String tokenResponsePath;
    private volatile boolean errorsAsHttp200;
    private volatile Map<String, String> errorCodes = Map.of();
    private volatile String userId = "user-1";
    private volatile String apiKey;
    private volatile List<String> basicCredentials;

    FakeOAuthSettings() {
    }

    /** The client authentication methods the token and revocation endpoints accept; default both. */
    public FakeOAuthSettings clientAuth(ClientAuthMethod first, ClientAuthMethod... more) {
        clientAuth = Set.copyOf(EnumSet.of(first, more));
        return this;
    }

    /** The token request body formats accepted; default both. */
    public FakeOAuthSettings requestFormats(RequestFormat first, RequestFormat... more) {
        requestFormats = Set.copyOf(EnumSet.of(first, more));
        return this;
    }

    /** Default {@link PkcePolicy#REQUIRED}. */
    public FakeOAuthSettings pkce(PkcePolicy policy) {
        pkce = Objects.requireNonNull(policy);
        return this;
    }

    /** Default {@link Consent#AUTO_APPROVE}. */
    public FakeOAuthSettings consent(Consent decision) {
        consent = Objects.requireNonNull(decision);
        return this;
    }

    /**
     * The {@code iss} parameter added to every redirect back to the client (RFC 9207), or null
     * (the default) for none. Pass {@link FakeOAuthServer#issuer()} for the right one.
     */
    public FakeOAuthSettings callbackIss(String iss) {
        callbackIss = iss;
        return this;
    }

    /** How {@code scope} values are split and joined; default a space (Slack, Zoom: a comma). */
    public FakeOAuthSettings scopeSeparator(String separator) {
        if (separator == null || separator.isEmpty()) {
            throw new IllegalArgumentException("a scope separator is one or more characters");
        }
        scopeSeparator = separator;
        return this;
    }

    /** The scopes a client may ask for ({@code invalid_scope} otherwise); null (the default): any. */
    public FakeOAuthSettings supportedScopes(Set<String> scopes) {
        supportedScopes = scopes == null ? null : Set.copyOf(scopes);
        return this;
    }

    /** The scopes granted whatever was asked (a user who unticked some); null (the default): as asked. */
    public FakeOAuthSettings grantedScopes(List<String> scopes) {
        grantedScopes = scopes == null ? null : List.copyOf(scopes);
        return this;
    }

    /** Whether token responses name the granted {@code scope}; default true. */
    public FakeOAuthSettings scopeInTokenResponse(boolean include) {
        scopeInTokenResponse = include;
        return this;
    }

    /** {@code expires_in} of new access tokens; null: they never expire and the answer has no expires_in (GitHub OAuth apps). */
    public FakeOAuthSettings accessTokenLifetime(Duration lifetime) {
        accessTokenLifetime = lifetime;
        return this;
    }

    /** How long an authorization code stays redeemable; default one minute. */
    public FakeOAuthSettings codeLifetime(Duration lifetime) {
        codeLifetime = Objects.requireNonNull(lifetime);
        return this;
    }

    /** Whether code exchanges hand out a refresh token at all; default true. */
    public FakeOAuthSettings refreshTokens(boolean issue) {
        refreshTokens = issue;
        return this;
    }

    /**
     * Refresh token rotation, default on: each refresh answers a new refresh token, and sending a
     * superseded one revokes the whole grant (reuse detection). Off: refresh answers carry no
     * refresh_token and the old one stays valid.
     */
    public FakeOAuthSettings rotation(boolean rotate) {
        rotation = rotate;
        return this;
    }

    /** {@code token_type} in token responses; default "Bearer" (GitHub: "bearer"). */
    public FakeOAuthSettings tokenType(String type) {
        tokenType = Objects.requireNonNull(type);
        return this;
    }

    /** Top-level values added to every successful token response (Salesforce's {@code instance_url}). */
    public FakeOAuthSettings extraTokenValues(Map<String, ?> values) {
        extraTokenValues = Map.copyOf(new LinkedHashMap<>(values));
        return this;
    }

    /**
     * Nests the token fields (access_token, refresh_token, expires_in, scope, token_type) in an object
     * of this name, as Slack's {@code authed_user}; null (the default): top level.
     */
    public FakeOAuthSettings tokenResponsePath(String field) {
        tokenResponsePath = field;
        return this;
    }

    /** Token endpoint errors answer HTTP 200 with their {@code error} field, as GitHub's do; default false. */
    public FakeOAuthSettings errorsAsHttp200(boolean value) {
        errorsAsHttp200 = value;
        return this;
    }

    /**
     * The token endpoint's own name for an RFC 6749 error code, e.g. {@code invalid_grant} →
     * {@code bad_verification_code} (GitHub) or {@code invalid_code} (Slack).
     */
    public FakeOAuthSettings errorCode(String rfcCode, String providerCode) {
        Map<String, String> codes = new LinkedHashMap<>(errorCodes);
        codes.put(rfcCode, providerCode);
        errorCodes = Map.copyOf(codes);
        return this;
    }

    /** The user that approves the next authorizations; {@code GET /api/user} answers its id. */
    public FakeOAuthSettings userId(String id) {
        userId = Objects.requireNonNull(id);
        return this;
    }

    /** The key {@code /api/key} accepts (header, Bearer, query or Basic username); null: none. */
    public FakeOAuthSettings apiKey(String key) {
        apiKey = key;
        return this;
    }

    /** The Basic credentials {@code /api/key} accepts (Twilio's account SID and auth token). */
    public FakeOAuthSettings basicCredentials(String username, String password) {
        basicCredentials = List.of(username, password);
        return this;
    }

    public Set<ClientAuthMethod> clientAuth() {
        return clientAuth;
    }

    public Set<RequestFormat> requestFormats() {
        return requestFormats;
    }

    public PkcePolicy pkce() {
        return pkce;
    }

    public Consent consent() {
        return consent;
    }

    public String callbackIss() {
        return callbackIss;
    }

    public String scopeSeparator() {
        return scopeSeparator;
    }

    public Set<String> supportedScopes() {
        return supportedScopes;
    }

    public List<String> grantedScopes() {
        return grantedScopes;
    }

    public boolean scopeInTokenResponse() {
        return scopeInTokenResponse;
    }

    public Duration accessTokenLifetime() {
        return accessTokenLifetime;
    }

    public Duration codeLifetime() {
        return codeLifetime;
    }

    public boolean refreshTokens() {
        return refreshTokens;
    }

    public boolean rotation() {
        return rotation;
    }

    public String tokenType() {
        return tokenType;
    }

    public Map<String, Object> extraTokenValues() {
        return extraTokenValues;
    }

    public String tokenResponsePath() {
        return tokenResponsePath;
    }

    public boolean errorsAsHttp200() {
        return errorsAsHttp200;
    }

    public Map<String, String> errorCodes() {
        return errorCodes;
    }

    public String userId() {
        return userId;
    }

    String apiKey() {
        return apiKey;
    }

    List<String> basicCredentials() {
        return basicCredentials;
    }
}
