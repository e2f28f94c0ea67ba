/**
 * Webhooks: endpoints and their signing secrets (sealed at rest, rotated with an overlap), the
 * dispatcher that delivers the events the store's outbox holds (claimed with leases, in order per
 * subject, retried with backoff), their signatures, and the deliveries log. May import {@code store},
 * {@code crypto}, {@code catalog} (validation errors) and the outbound path of {@code verify}.
 */
package dev.patchbay.webhooks;
