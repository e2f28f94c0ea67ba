package dev.patchbay.store;

/**
 * One event's delivery to one endpoint, as the deliveries log shows it. {@code status} is
 * {@code pending}, {@code delivered}, {@code failed} or {@code cancelled} (its endpoint was deleted);
 * {@code lastStatus} is the receiver's last HTTP status, {@code lastError} why the last attempt got
 * none (a short code), both null before the first attempt. Times are epoch milliseconds;
 * {@code nextAttemptAt} means nothing unless the delivery is pending, {@code deliveredAt} is null until
 * it is delivered.
 */
public record WebhookDeliveryRow(String id, String endpointId, long eventSeq, String eventId, String eventType,
                                 String subject, String status, int attempts, Integer lastStatus, String lastError,
                                 long nextAttemptAt, long createdAt, Long deliveredAt) {
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
}
