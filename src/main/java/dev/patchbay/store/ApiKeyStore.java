package dev.patchbay.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Stores API key hashes. Throws {@link StoreUnavailableException} when the database cannot be reached. */
public interface ApiKeyStore {
    /** Every key ever created, revoked ones included, ordered by name. */
    List<ApiKeyRow> all();

    /**
     * Stores a new active key; replaces a revoked key of the same name. Returns false, storing
     * nothing, when an active key already has that name.
     */
    boolean insert(ApiKeyRow row);

    /** Marks the active key {@code name} revoked; false when there is none. */
    boolean revoke(String name, Instant at);

    /** Records when keys were last used (name to instant); later instants only ever move forward. */
    void touch(Map<String, Instant> lastUsed);
}
