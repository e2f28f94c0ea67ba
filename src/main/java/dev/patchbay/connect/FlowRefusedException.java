package dev.patchbay.connect;

/**
 * An authorize link that starts nothing: the browser gets a page saying {@link Refusal#message()}.
 * Nothing was consumed unless the token was valid.
 */
public final class FlowRefusedException extends RuntimeException {
    /** Why, with the HTTP status of the page and what it tells the user. */
    public enum Refusal {
        UNKNOWN_PROVIDER(404, "There is no such provider."),
        NOT_OAUTH2(409, "This provider does not connect accounts in a browser."),
        NOT_SET_UP(409, "This provider is not set up; ask the administrator to set it up, then try again."),
        INVALID_TOKEN(400, "This link is unknown, used or expired. Start connecting again from the application.");

        private final int status;
        private final String message;

        Refusal(int status, String message) {
            this.status = status;
            this.message = message;
        }

        public int status() {
            return status;
        }

        public String message() {
            return message;
        }
    }

    private final Refusal refusal;

    FlowRefusedException(Refusal refusal) {
        super(refusal.name(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
