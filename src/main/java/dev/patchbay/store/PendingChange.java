package dev.patchbay.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A setup change handed to the store and not yet known to be committed. Its outcome is what
 * {@link SetupStore#apply} answers: the row as stored, or empty when the revision check failed.
 * Thread-safe.
 */
public final class PendingChange {
    /** A caller waits this long at most; past it the store counts as unavailable. */
    private static final long WAIT_SECONDS = 10;

    private final CompletableFuture<Optional<SetupRow>> outcome;

    /** A change whose outcome {@code outcome} will carry; for stores that commit on another thread. */
    public PendingChange(CompletableFuture<Optional<SetupRow>> outcome) {
        this.outcome = outcome;
    }

    static PendingChange done(Optional<SetupRow> row) {
        return new PendingChange(CompletableFuture.completedFuture(row));
    }

    /** Whether the outcome is known: committed, refused by the revision check, or failed. */
    public boolean isDone() {
        return outcome.isDone();
    }

    /**
     * The outcome, for a caller that must not wait for it; past the time {@link #await} would wait, a
     * {@link StoreUnavailableException}.
     */
    public CompletableFuture<Optional<SetupRow>> whenDone() {
        return outcome.copy().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).exceptionallyCompose(failure ->
                CompletableFuture.failedFuture(unwrapped(failure) instanceof TimeoutException timeout
                        ? new StoreUnavailableException(timeout) : unwrapped(failure)));
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Waits for the outcome; a failure of the store is rethrown as it was raised. */
    public Optional<SetupRow> await() {
        try {
            return outcome.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(e);
        }
    }
}
