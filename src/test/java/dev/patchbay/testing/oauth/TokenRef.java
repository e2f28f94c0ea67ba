package dev.patchbay.testing.oauth;

/**
 * The identity of a token the fake issued, without its value: which grant ({@code family}, one per
 * code exchange or direct issue) and which one of that family (access tokens and refresh tokens
 * are numbered separately, from 1). Lets a test assert which refresh token was sent, without
 * knowing or printing the value.
 */
public record TokenRef(Kind kind, int family, int generation) {
    public enum Kind { ACCESS, REFRESH }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " token " + family + "." + generation;
    }
}
