package dev.patchbay.setup;

import java.util.Set;

/**
 * Who asks for a change and under which conditions: {@code ifMatch} holds the revisions the client
 * lists in {@code If-Match}, any of which may be current (null: unconditional; empty: none can match);
 * {@code dryRun} validates without storing; {@code verify} checks the
 * configuration against the external service first and stores it only when the service accepts it.
 */
public record WriteRequest(String actor, String requestId, Set<Long> ifMatch, boolean dryRun, boolean verify) {
    public static WriteRequest by(String actor, String requestId) {
        return new WriteRequest(actor, requestId, null, false, false);
    }
}
