package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.crypto.Secret;
import dev.patchbay.store.SetupRow;
import dev.patchbay.verify.VerificationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory copy of every provider's setup state, from which all reads are answered. A row is
 * applied only when it is newer than the one held (a later revision, or the same revision with a
 * later verification, since verifying does not change the revision), so concurrent writers, reloads
 * and change notifications from other instances can arrive in any order and the newest wins.
 * Thread-safe.
 */
final class ProviderStates {
    /** A provider's view together with the stored row behind it (null before the first setup). */
    record State(ProviderView view, SetupRow row) {
    }

    private final Catalog catalog;
    private final ObjectMapper json;
    private final Map<String, State> bySlug = new ConcurrentHashMap<>();
    /** Counts applied rows, after each is held: a reader that saw the same count saw no change since. */
    private final AtomicLong changes = new AtomicLong();

    ProviderStates(Catalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
        for (ProviderDescriptor descriptor : catalog.all()) {
            bySlug.put(descriptor.slug(), new State(new ProviderView(descriptor, null, 0), null));
        }
    }

    Optional<State> find(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    Collection<State> all() {
        return bySlug.values();
    }

    /** Applies every row (rows of providers not in the catalog are ignored). */
    void applyAll(List<SetupRow> rows) {
        rows.forEach(this::apply);
    }

    /** Applies {@code row} if it is newer than what is held, and returns the state now held. */
    State apply(SetupRow row) {
        Optional<ProviderDescriptor> descriptor = catalog.find(row.slug());
        if (descriptor.isEmpty()) {
            return null;
        }
        State now = bySlug.compute(row.slug(), (slug, held) ->
                held != null && !isNewer(row, held) ? held : toState(descriptor.get(), row));
        changes.incrementAndGet();
        return now;
    }

    /** Grows after every change to a held state; memory built from the states keeps it to tell if it is current. */
    long changes() {
        return changes.get();
    }

    /** The state {@code row} would give, without holding it. */
    State stateOf(SetupRow row) {
        return toState(catalog.find(row.slug()).orElseThrow(), row);
    }

    private boolean isNewer(SetupRow row, State held) {
        if (row.revision() != held.view().revision()) {
            return row.revision() > held.view().revision();
        }
        VerificationResult rowCheck = VerificationCodec.decode(json, row.lastVerification());
        SetupView heldSetup = held.view().setup();
        VerificationResult heldCheck = heldSetup == null ? null : heldSetup.lastVerification();
        return rowCheck != null && (heldCheck == null || rowCheck.checkedAt().isAfter(heldCheck.checkedAt()));
    }

    private State toState(ProviderDescriptor descriptor, SetupRow row) {
        if (!row.isSetUp()) {
            return new State(new ProviderView(descriptor, null, row.revision()), row);
        }
        ObjectNode stored = parse(row.config());
        ObjectNode masked = json.createObjectNode();
        // Schema order first, so responses list fields the way the form declares them.
        for (Iterator<String> names = descriptor.configSchema().json().path("properties").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            putField(masked, name, stored, row);
        }
        stored.fieldNames().forEachRemaining(name -> putField(masked, name, stored, row));
        row.secrets().keySet().stream().sorted().forEach(name -> putField(masked, name, stored, row));
        List<String> secretFields = new ArrayList<>(row.secrets().keySet());
        secretFields.sort(null);
        SetupView setup = new SetupView(masked, secretFields, row.revision(), row.configuredAt(), row.updatedAt(),
                row.updatedBy(), VerificationCodec.decode(json, row.lastVerification()));
        return new State(new ProviderView(descriptor, setup, row.revision()), row);
    }

    private static void putField(ObjectNode masked, String name, ObjectNode stored, SetupRow row) {
        if (masked.has(name)) {
            return;
        }
        if (row.secrets().containsKey(name)) {
            masked.put(name, Secret.MASK);
        } else if (stored.has(name)) {
            masked.set(name, stored.get(name));
        }
    }

    private ObjectNode parse(String config) {
        try {
            JsonNode node = json.readTree(config);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException("a stored configuration is not valid JSON", e);
        }
    }
}
