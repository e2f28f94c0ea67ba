package dev.patchbay.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stores webhook endpoints and the deliveries of the events the outbox holds. Times are epoch
 * milliseconds. Every method throws {@link StoreUnavailableException} when the database cannot be
 * reached.
 */
public interface WebhookStore {
    /** How one attempt at a delivery ended: its new status, and when to try again if it is still pending. */
    record Attempt(String deliveryId, String claim, String status, Integer httpStatus, String error,
                   long nextAttemptAt, Long deliveredAt) {
    }

    void createEndpoint(WebhookEndpointRow row);

    /** Endpoints not deleted, oldest first. */
    List<WebhookEndpointRow> endpoints();

    /** The endpoint, unless it does not exist or was deleted. */
    Optional<WebhookEndpointRow> endpoint(String id);

    /**
     * Deletes the endpoint: its secrets are destroyed and its pending deliveries cancelled, in one
     * transaction. False when there was no such endpoint (or it was deleted already).
     */
    boolean deleteEndpoint(String id, long at);

    /** Stores a new secret, keeping {@code previous} valid until {@code previousUntil}; false without such endpoint. */
    boolean rotateSecret(String id, byte[] secret, byte[] previous, long previousUntil);

    /** Up to {@code limit} of an endpoint's deliveries, newest event first, before event {@code beforeSeq} (null: from the newest). */
    List<WebhookDeliveryRow> deliveries(String endpointId, Long beforeSeq, int limit);

    /** Makes the delivery due now (pending again if it had failed), with a new deadline; empty without such delivery. */
    Optional<WebhookDeliveryRow> retry(String endpointId, String deliveryId, long now, long giveUpAt);

    /** What one {@link #cycle} did: how many events it fanned out, and the deliveries it claimed. */
    record Cycle(int fannedOut, List<ClaimedDelivery> claimed) {
    }

    /**
     * One dispatcher cycle in one transaction (on SQLite, one commit):
     * <ol>
     * <li>records {@code attempts}, the outcomes of the previous cycle's deliveries; an attempt whose claim
     * another instance has taken over meanwhile is ignored;</li>
     * <li>gives each event not fanned out yet (at most {@code fanOutLimit}, oldest first) one pending delivery
     * per endpoint that subscribed to its type and existed when it occurred, due at {@code now} and given up
     * at {@code giveUpAt}; instances on one database take turns at this;</li>
     * <li>claims up to {@code claimLimit} pending deliveries due at {@code now}, whose lease (if any) has ended
     * and for which no older event to the same endpoint about the same subject is still pending, each until
     * {@code leaseUntil}: instances never claim a delivery while another's lease on it runs.</li>
     * </ol>
     */
    Cycle cycle(List<Attempt> attempts, long now, long giveUpAt, long leaseUntil, int fanOutLimit, int claimLimit);

    /** When the oldest pending delivery was created; empty when none is pending. */
    OptionalLong oldestPending();

    /** Every endpoint with secrets (deleted ones have none), for master-key rotation. */
    List<WebhookEndpointRow> sealed();

    /** Replaces the ciphertexts of {@code rows} in one transaction (master-key rotation). */
    void replaceSealed(List<WebhookEndpointRow> rows);
}
