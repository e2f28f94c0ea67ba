/**
 * API keys: minting (the key is shown once), SHA-256 hashes at rest, constant-time checks,
 * {@code admin} and {@code read} scopes, revocation, last-used tracking and the first-start key.
 * May import {@code store}.
 */
package dev.patchbay.auth;
