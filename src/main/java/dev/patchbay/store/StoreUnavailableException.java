package dev.patchbay.store;

/** The database could not be reached or did not answer in time; the caller may retry later. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(Throwable cause) {
        super("the store is unavailable", cause);
    }
}
