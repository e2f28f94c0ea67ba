package dev.patchbay.webhooks;

import java.util.List;

/** The webhook event types, in the order the docs list them. */
public final class EventTypes {
    public static final List<String> ALL = List.of(
            "connection.created", "connection.reauthorized", "connection.needs_reauth", "connection.disconnected",
            "connection.deleted", "provider.setup", "provider.updated", "provider.reset");

    private EventTypes() {
    }
}
