package dev.patchbay.testing.oauth;

/**
 * The tokens one successful token response (or {@link FakeOAuthServer#issueTokens}) handed out.
 * {@code refreshToken}/{@code refreshRef} are null when the answer carried none. The values are for
 * comparisons only: print the refs, not the values.
 */
public record IssuedTokens(String accessToken, TokenRef accessRef, String refreshToken, TokenRef refreshRef) {
    @Override
    public String toString() {
        return "IssuedTokens[" + accessRef + ", " + refreshRef + "]";
    }
}
