package dev.patchbay.setup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.patchbay.catalog.Catalog;
import dev.patchbay.catalog.ConfigSchema;
import dev.patchbay.catalog.FieldError;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.crypto.Secret;
import dev.patchbay.crypto.SecretSealer;
import dev.patchbay.store.SetupRow;
import dev.patchbay.store.SetupStore;
import dev.patchbay.store.SetupWrite;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads, sets up and resets providers. Reads are answered from memory; each change is validated,
 * its secrets sealed, stored in one transaction, and then applied to memory, so the next read on
 * this instance sees it. Thread-safe.
 */
public final class SetupService {
    private final Catalog catalog;
    private final SetupStore store;
    private final SecretSealer sealer;
    private final Clock clock;
    private final ObjectMapper json;
    private final ProviderStates states;

    public SetupService(Catalog catalog, SetupStore store, SecretSealer sealer, Clock clock, ObjectMapper json) {
        this.catalog = catalog;
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
        this.json = json;
        this.states = new ProviderStates(catalog, json);
        reload();
    }

    /** Re-reads every setup from the store. */
    public void reload() {
        states.applyAll(store.all());
    }

    public ProviderView get(String slug) {
        return state(slug).view();
    }

    public ProviderPage list(ListQuery query) {
        List<ProviderView> page = new ArrayList<>(Math.min(query.limit(), catalog.size()));
        int total = 0;
        boolean more = false;
        for (ProviderDescriptor descriptor : catalog.all()) {
            ProviderView view = get(descriptor.slug());
            if (!query.matches(view)) {
                continue;
            }
            total++;
            if (query.afterSlug() != null && descriptor.slug().compareTo(query.afterSlug()) <= 0) {
                continue;
            }
            if (page.size() < query.limit()) {
                page.add(view);
            } else {
                more = true;
            }
        }
        String next = more ? page.get(page.size() - 1).slug() : null;
        return new ProviderPage(page, total, next);
    }

    /** Replaces the whole setup of {@code slug} with {@code body}; a masked secret keeps its stored value. */
    public SetupOutcome setup(String slug, JsonNode body, String actor) {
        ProviderStates.State current = state(slug);
        ProviderDescriptor descriptor = current.view().descriptor();
        if (!(body instanceof ObjectNode submitted)) {
            throw new InvalidSetupException(List.of(new FieldError("", "must be a JSON object")));
        }
        ConfigSchema schema = descriptor.configSchema();
        Map<String, Secret> previousSecrets = openSecrets(slug, current.row());
        ObjectNode candidate = submitted.deepCopy();
        List<FieldError> errors = new ArrayList<>();
        TreeSet<String> unresolvedMasks = new TreeSet<>();
        for (String field : schema.secretFields()) {
            JsonNode value = candidate.get(field);
            if (value != null && value.isTextual() && Secret.MASK.equals(value.asText())) {
                Secret kept = previousSecrets.get(field);
                if (kept == null) {
                    unresolvedMasks.add(field);
                    errors.add(new FieldError("/" + field, "is the mask, but no stored value exists to keep"));
                } else {
                    candidate.put(field, kept.revealPlaintext());
                }
            }
        }
        for (FieldError error : schema.validate(candidate)) {
            if (!unresolvedMasks.contains(error.pointer().substring(Math.min(1, error.pointer().length())))) {
                errors.add(error);
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::pointer).thenComparing(FieldError::message));
            throw new InvalidSetupException(errors);
        }
        ObjectNode plain = json.createObjectNode();
        Map<String, byte[]> sealed = new TreeMap<>();
        candidate.properties().forEach(field -> {
            if (schema.secretFields().contains(field.getKey())) {
                sealed.put(field.getKey(), sealer.seal(Secret.of(field.getValue().asText()), slug, field.getKey()));
            } else {
                plain.set(field.getKey(), field.getValue());
            }
        });
        List<String> changed = changedFields(current.row(), previousSecrets, plain, candidate, schema);
        SetupRow row = store.put(new SetupWrite(slug, plain.toString(), sealed, actor, clock.instant()));
        return new SetupOutcome(applied(row), changed);
    }

    /** Removes the setup of {@code slug}; on a provider that is not set up, nothing changes. */
    public SetupOutcome reset(String slug, String actor) {
        ProviderStates.State current = state(slug);
        if (!current.view().setupComplete()) {
            return new SetupOutcome(current.view(), List.of());
        }
        Optional<SetupRow> row = store.reset(slug, actor, clock.instant());
        List<String> changed = new ArrayList<>(current.view().setup().config().properties().stream()
                .map(Map.Entry::getKey).sorted().toList());
        return row.map(r -> new SetupOutcome(applied(r), changed))
                .orElseGet(() -> new SetupOutcome(get(slug), List.of()));
    }

    private ProviderView applied(SetupRow row) {
        states.apply(row);
        return get(row.slug());
    }

    private ProviderStates.State state(String slug) {
        return states.find(slug).orElseThrow(ProviderNotFoundException::new);
    }

    private Map<String, Secret> openSecrets(String slug, SetupRow row) {
        Map<String, Secret> secrets = new TreeMap<>();
        if (row != null && row.isSetUp()) {
            row.secrets().forEach((field, ciphertext) -> secrets.put(field, sealer.open(ciphertext, slug, field)));
        }
        return secrets;
    }

    private List<String> changedFields(SetupRow previous, Map<String, Secret> previousSecrets, ObjectNode plain,
                                       ObjectNode candidate, ConfigSchema schema) {
        ObjectNode previousPlain = previous != null && previous.isSetUp()
                ? (ObjectNode) readTree(previous.config()) : json.createObjectNode();
        TreeSet<String> names = new TreeSet<>();
        candidate.fieldNames().forEachRemaining(names::add);
        previousPlain.fieldNames().forEachRemaining(names::add);
        names.addAll(previousSecrets.keySet());
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            boolean same = schema.secretFields().contains(name) || previousSecrets.containsKey(name)
                    ? candidate.has(name) && Secret.of(candidate.get(name).asText()).equals(previousSecrets.get(name))
                    : plain.has(name) && plain.get(name).equals(previousPlain.get(name));
            if (!same) {
                changed.add(name);
            }
        }
        return changed;
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
