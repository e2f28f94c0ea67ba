package dev.patchbay.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A provider's OAuth 2.0 settings, from the descriptor's {@code oauth2} block: its endpoints and the
 * per-provider details of the authorization request, the token requests and the token response.
 * Immutable. A URL may hold a {@code {property}} placeholder that the setup's own configuration fills
 * in (a Shopify shop domain, an Okta org domain).
 *
 * @param refreshUrl          where refresh requests go; the token URL unless the descriptor names another
 * @param revocationUrl       RFC 7009 revocation endpoint; null when the provider has none
 * @param scopeSeparator      how requested scopes are joined ({@code " "} unless the provider says otherwise)
 * @param pkce                whether the authorization request carries a PKCE challenge (RFC 7636)
 * @param authorizationParams extra query parameters of the authorization request
 * @param tokenParams         extra parameters of the code exchange
 * @param tokenResponsePath   the object of the token response holding the tokens (Slack's
 *                            {@code authed_user}, for a user token); null when they are at the top level
 * @param issuer              the {@code iss} a callback must carry (RFC 9207); null when not declared
 * @param connectionValues    non-secret top-level token-response fields kept on the connection
 */
public record OAuthEndpoints(String authorizationUrl, String tokenUrl, ClientAuth clientAuth,
                             BodyFormat requestFormat, String refreshUrl, String revocationUrl,
                             String scopeSeparator, boolean pkce, Map<String, String> authorizationParams,
                             Map<String, String> tokenParams, String tokenResponsePath, String issuer,
                             List<String> connectionValues) {

    public OAuthEndpoints {
        Objects.requireNonNull(authorizationUrl, "authorizationUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(requestFormat, "requestFormat");
        Objects.requireNonNull(scopeSeparator, "scopeSeparator");
        refreshUrl = refreshUrl == null ? tokenUrl : refreshUrl;
        authorizationParams = Collections.unmodifiableMap(new LinkedHashMap<>(authorizationParams));
        tokenParams = Collections.unmodifiableMap(new LinkedHashMap<>(tokenParams));
        connectionValues = List.copyOf(connectionValues);
    }

    /** Only the two endpoints, with what RFC 6749 and RFC 7636 prescribe for everything else. */
    public static OAuthEndpoints rfc6749(String authorizationUrl, String tokenUrl) {
        return new OAuthEndpoints(authorizationUrl, tokenUrl, ClientAuth.BASIC, BodyFormat.FORM, null, null,
                " ", true, Map.of(), Map.of(), null, null, List.of());
    }
}
