package dev.patchbay.setup;

import dev.patchbay.store.PendingChange;
import dev.patchbay.store.SetupRow;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last change of each provider that this instance handed to the store and that may not be
 * committed yet, with the state it leads to. The next write of the provider builds on that state
 * instead of waiting for the commit, so writes of one provider share a group commit rather than
 * taking one fsync each; the store's revision check still refuses a change whose predecessor did not
 * commit. Reads never see this state: they see only committed rows ({@link ProviderStates}).
 * Called under the provider's write lock ({@link ProviderWriteLocks}).
 */
final class PendingSetups {
    private record Entry(PendingChange change, ProviderStates.State leadsTo) {
    }

    private final ProviderStates states;
    private final Map<String, Entry> bySlug = new ConcurrentHashMap<>();

    PendingSetups(ProviderStates states) {
        this.states = states;
    }

    /** The state the next change of {@code slug} builds on: the newest submitted one, else the committed one. */
    Optional<ProviderStates.State> latest(String slug) {
        Entry entry = bySlug.get(slug);
        if (entry != null && !entry.change().isDone()) {
            return Optional.of(entry.leadsTo());
        }
        if (entry != null) {
            settle(slug, entry);
        }
        return states.find(slug);
    }

    /** Waits until every submitted change of {@code slug} has an outcome; memory then holds what committed. */
    void settle(String slug) {
        Entry entry = bySlug.get(slug);
        if (entry != null) {
            settle(slug, entry);
        }
    }

    void submitted(String slug, PendingChange change, SetupRow leadsTo) {
        bySlug.put(slug, new Entry(change, states.stateOf(leadsTo)));
    }

    private void settle(String slug, Entry entry) {
        try {
            entry.change().await().ifPresent(states::apply);
        } catch (RuntimeException e) {
            // Its writer reports the failure; whoever builds next starts from what is committed.
        }
        bySlug.remove(slug, entry);
    }
}
