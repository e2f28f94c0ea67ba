package dev.patchbay.setup;

/**
 * Who asks for a change and under which conditions: {@code ifMatch} is the revision the client
 * expects (null: unconditional); {@code dryRun} validates without storing; {@code verify} checks the
 * configuration against the external service first and stores it only when the service accepts it.
 */
public record WriteRequest(String actor, String requestId, Long ifMatch, boolean dryRun, boolean verify) {
    public static WriteRequest by(String actor, String requestId) {
        return new WriteRequest(actor, requestId, null, false, false);
    }
}
