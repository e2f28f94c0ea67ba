package dev.patchbay.testing.oauth;

/**
 * One request to the fake's resource API: its method, path and the access token it carried as
 * {@code Bearer} (null when none, or one the fake never issued).
 */
public record ApiCall(String method, String path, TokenRef token) {
}
