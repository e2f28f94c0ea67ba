/**
 * Verification: checks a setup against the real external service, one check per auth type (the
 * OAuth invalid-code exchange, the api_key/basic probe request), each outbound call under one time
 * limit and an address guard, and hands back a {@link dev.patchbay.verify.VerificationResult} whose
 * detail never holds a secret. May import {@code catalog} and, from {@code crypto}, only
 * {@code Secret}.
 */
package dev.patchbay.verify;
