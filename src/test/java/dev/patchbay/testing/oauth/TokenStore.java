package dev.patchbay.testing.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens the fake issued, grouped in families (one per grant: a code exchange or a direct
 * issue). Refresh with rotation and reuse detection as the OAuth 2.0 Security BCP §4.14.2 describes:
 * a superseded refresh token coming back revokes its whole family. Thread-safe (every method is
 * synchronized, so concurrent refreshes of one token rotate it exactly once).
 */
final class TokenStore {
    private final Clock clock;
    private final RandomValues random;
    private final Map<String, Token> byValue = new HashMap<>();
    private final Map<Integer, Family> families = new HashMap<>();
    private final List<IssuedTokens> issued = new ArrayList<>();
    private int lastFamily;

    TokenStore(Clock clock, RandomValues random) {
        this.clock = clock;
        this.random = random;
    }

    /** Who a live access token speaks for. */
    record Grant(TokenRef ref, String clientId, String userId, List<String> scopes) {
    }

    /** A refresh's answer: {@code tokens} and {@code scopes} on success, else the OAuth {@code error}. */
    record Refresh(IssuedTokens tokens, List<String> scopes, String error) {
    }

    private static final class Token {
        final TokenRef ref;
        Instant expiresAt;
        boolean revoked;

        Token(TokenRef ref, Instant expiresAt) {
            this.ref = ref;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Family {
        final String clientId;
        final String userId;
        final List<String> scopes;
        int accessTokens;
        int refreshTokens;
        String currentRefresh;
        boolean revoked;

        Family(String clientId, String userId, List<String> scopes) {
            this.clientId = clientId;
            this.userId = userId;
            this.scopes = List.copyOf(scopes);
        }
    }

    synchronized int newFamily() {
        return ++lastFamily;
    }

    /** The first tokens of grant {@code family}; born revoked when the family was revoked meanwhile (a code replayed). */
    synchronized IssuedTokens issue(int family, String clientId, String userId, List<String> scopes,
                                    Duration accessLifetime, boolean withRefresh) {
        Family f = families.computeIfAbsent(family, id -> new Family(clientId, userId, scopes));
        return record(family, f, accessLifetime, withRefresh);
    }

    /**
     * Refreshes for {@code clientId}. With {@code rotate}, the answer carries a new refresh token and
     * the one sent is superseded; without, the answer carries none and the one sent stays valid.
     * {@code requestedScopes} (null: not narrowed) may only narrow the grant (RFC 6749 §6).
     */
    synchronized Refresh refresh(String value, String clientId, List<String> requestedScopes, boolean rotate,
                                 Duration accessLifetime) {
        Token token = value == null ? null : byValue.get(value);
        if (token == null || token.ref.kind() != TokenRef.Kind.REFRESH) {
            return new Refresh(null, null, "invalid_grant");
        }
        Family family = families.get(token.ref.family());
        if (!family.clientId.equals(clientId) || family.revoked || token.revoked) {
            return new Refresh(null, null, "invalid_grant");
        }
        if (!value.equals(family.currentRefresh)) {
            family.revoked = true;
            return new Refresh(null, null, "invalid_grant");
        }
        if (requestedScopes != null && !family.scopes.containsAll(requestedScopes)) {
            return new Refresh(null, null, "invalid_scope");
        }
        IssuedTokens tokens = record(token.ref.family(), family, accessLifetime, rotate);
        if (!rotate) {
            tokens = new IssuedTokens(tokens.accessToken(), tokens.accessRef(), null, null);
        }
        return new Refresh(tokens, family.scopes, null);
    }

    private IssuedTokens record(int familyId, Family family, Duration accessLifetime, boolean withRefresh) {
        Instant expiresAt = accessLifetime == null ? null : clock.instant().plus(accessLifetime);
        String access = random.token("fake-at-");
        TokenRef accessRef = new TokenRef(TokenRef.Kind.ACCESS, familyId, ++family.accessTokens);
        byValue.put(access, new Token(accessRef, expiresAt));
        String refresh = null;
        TokenRef refreshRef = null;
        if (withRefresh) {
            refresh = random.token("fake-rt-");
            refreshRef = new TokenRef(TokenRef.Kind.REFRESH, familyId, ++family.refreshTokens);
            byValue.put(refresh, new Token(refreshRef, null));
            family.currentRefresh = refresh;
        }
        IssuedTokens tokens = new IssuedTokens(access, accessRef, refresh, refreshRef);
        issued.add(tokens);
        return tokens;
    }

    /** The grant behind a live access token, or null when it is unknown, expired or revoked. */
    synchronized Grant live(String accessToken) {
        Token token = accessToken == null ? null : byValue.get(accessToken);
        if (token == null || token.ref.kind() != TokenRef.Kind.ACCESS || token.revoked) {
            return null;
        }
        Family family = families.get(token.ref.family());
        if (family.revoked || (token.expiresAt != null && !clock.instant().isBefore(token.expiresAt))) {
            return null;
        }
        return new Grant(token.ref, family.clientId, family.userId, family.scopes);
    }

    /** The identity of a token the fake issued, or null. */
    synchronized TokenRef ref(String value) {
        Token token = value == null ? null : byValue.get(value);
        return token == null ? null : token.ref;
    }

    /** The client a token was issued to, or null when unknown. */
    synchronized String clientOf(String value) {
        Token token = value == null ? null : byValue.get(value);
        return token == null ? null : families.get(token.ref.family()).clientId;
    }

    /** Revokes a token; a refresh token takes its whole family with it (RFC 7009 §2.1). */
    synchronized void revoke(String value) {
        Token token = byValue.get(value);
        if (token == null) {
            return;
        }
        token.revoked = true;
        if (token.ref.kind() == TokenRef.Kind.REFRESH) {
            revokeFamily(token.ref.family());
        }
    }

    /** Revokes every token of the family, including those issued later (a replayed code). */
    synchronized void revokeFamily(int family) {
        // The family may not exist yet: a replayed code can arrive between redemption and issue.
        families.computeIfAbsent(family, id -> new Family("", "", List.of())).revoked = true;
    }

    synchronized boolean isRevoked(String value) {
        Token token = byValue.get(value);
        return token != null && (token.revoked || families.get(token.ref.family()).revoked);
    }

    /** Makes every access token issued so far expired, as if its lifetime had passed. */
    synchronized void expireAccessTokens() {
        Instant now = clock.instant();
        for (Token token : byValue.values()) {
            if (token.ref.kind() == TokenRef.Kind.ACCESS) {
                token.expiresAt = now;
            }
        }
    }

    synchronized List<IssuedTokens> issued() {
        return List.copyOf(issued);
    }
}
