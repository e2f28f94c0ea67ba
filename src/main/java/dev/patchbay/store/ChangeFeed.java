package dev.patchbay.store;

/**
 * Tells an instance about setup changes committed by any instance sharing its database, so its
 * in-memory state can follow without polling. Implementations call {@code onChange} after a change
 * committed, and {@code onResync} when changes may have been missed (after a lost connection), where
 * the listener should re-read everything.
 */
public interface ChangeFeed extends AutoCloseable {
    /** The revision of a change that does not move the revision (a stored verification): re-read regardless. */
    long REREAD = -1;
    /** Not a setup change: the provider's connections changed status (their counts may have moved). */
    long CONNECTIONS = -2;

    /** A committed change: {@code slug} now has {@code revision}, or {@link #REREAD}. */
    interface Change {
        void changed(String slug, long revision);
    }

    /**
     * Starts delivering changes; returns once the first connection stands and {@code onResync} has run
     * on it, covering what was committed before it (or after a few seconds, not yet connected).
     */
    void start(Change onChange, Runnable onResync);

    /**
     * Whether changes are being received right now, everything before them re-read (always true where
     * there is nothing to receive).
     */
    boolean isConnected();

    @Override
    void close();

    /** The feed of a database only one instance uses (SQLite): every change is local. */
    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public void start(Change onChange, Runnable onResync) {
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
