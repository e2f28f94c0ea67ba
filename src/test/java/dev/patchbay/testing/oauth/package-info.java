/**
 * A fake OAuth 2.0 authorization server and provider API on 127.0.0.1 for tests
 * ({@link dev.patchbay.testing.oauth.FakeOAuthServer}, per test with
 * {@link dev.patchbay.testing.oauth.FakeOAuthExtension}), and the operator descriptor that points
 * Patchbay at it ({@link dev.patchbay.testing.oauth.FakeProviderDescriptor}). Imports only the
 * catalog, in its tests, and {@code dev.patchbay.testing} helpers.
 */
package dev.patchbay.testing.oauth;
