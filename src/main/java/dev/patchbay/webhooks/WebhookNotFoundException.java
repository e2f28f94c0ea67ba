package dev.patchbay.webhooks;

/** No such webhook endpoint (or it was deleted), or no such delivery of it. */
public final class WebhookNotFoundException extends RuntimeException {
    public WebhookNotFoundException(String what) {
        super(what, null, false, false);
    }
}
