package dev.patchbay.store;

/**
 * A delivery this instance has claimed until its lease ends, with what sending it takes: the event
 * and the endpoint (whose secrets are ciphertexts). {@code claim} proves the claim when the outcome is
 * recorded: once the lease ended, another instance may hold a newer one.
 */
public record ClaimedDelivery(String id, String claim, int attempts, long giveUpAt, String eventId, String eventType,
                              String occurredAt, String data, WebhookEndpointRow endpoint) {
}
