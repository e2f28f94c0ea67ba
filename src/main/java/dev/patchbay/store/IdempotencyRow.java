package dev.patchbay.store;

/**
 * The first answer to a request made with an {@code Idempotency-Key}: the key's hash (with the
 * caller's name in it), the hash of the request body, and the status and body answered.
 */
public record IdempotencyRow(String keyHash, String requestHash, int status, String response) {
}
