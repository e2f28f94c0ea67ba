/**
 * Secrets and their encryption: {@link dev.patchbay.crypto.Secret}, the
 * {@link dev.patchbay.crypto.SecretSealer} that seals them under the master keyset (Tink AEAD,
 * AES-256-GCM, bound to their place by associated data), and loading or creating that keyset.
 * Imports no other Patchbay package; the only package that imports Tink.
 */
package dev.patchbay.crypto;
