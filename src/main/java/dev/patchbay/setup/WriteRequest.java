package dev.patchbay.setup;

/**
 * Who asks for a change and under which conditions: {@code ifMatch} is the revision the client
 * expects (null: unconditional); {@code dryRun} validates without storing.
 */
public record WriteRequest(String actor, String requestId, Long ifMatch, boolean dryRun) {
    public static WriteRequest by(String actor, String requestId) {
        return new WriteRequest(actor, requestId, null, false);
    }
}
