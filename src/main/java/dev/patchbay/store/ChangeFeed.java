package dev.patchbay.store;

import java.util.function.Consumer;

/**
 * Tells an instance about setup changes committed by other instances sharing its database, so its
 * in-memory state can follow without polling. Implementations call {@code onChange} with a slug
 * after that slug's change committed, and {@code onResync} when changes may have been missed
 * (after a lost connection), where the listener should re-read everything.
 */
public interface ChangeFeed extends AutoCloseable {
    void start(Consumer<String> onChange, Runnable onResync);

    /** Whether changes are being received right now (always true where there is nothing to receive). */
    boolean isConnected();

    @Override
    void close();

    /** The feed of a database only one instance uses (SQLite): every change is local. */
    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public void start(Consumer<String> onChange, Runnable onResync) {
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public void close() {
        }
    };
}
