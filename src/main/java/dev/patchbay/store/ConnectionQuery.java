package dev.patchbay.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A page of connections: those after {@code afterId} (null: from the first) in id order, matching
 * every filter that is not null and every tag pair.
 */
public record ConnectionQuery(String providerSlug, String owner, String status, Map<String, String> tags,
                              UUID afterId, int limit) {
    public ConnectionQuery {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
