package dev.patchbay.testing.oauth;

/**
 * One call to {@code POST /revoke} (RFC 7009). {@code token} is null when the fake did not know the
 * token sent (it still answers 200, as §2.2 says); {@code hint} is the {@code token_type_hint} or null.
 */
public record RevocationRequest(String clientId, TokenRef token, String hint, int status) {
}
