package dev.patchbay.http;

import java.util.UUID;
import java.util.regex.Pattern;

/** Connection ids in paths and query strings: only the canonical lower-case form is an id. */
final class Uuids {
    private static final Pattern CANONICAL = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    private Uuids() {
    }

    /** The id written as {@code text}, or null when it is not a canonical UUID. */
    static UUID parse(String text) {
        return text != null && CANONICAL.matcher(text).matches() ? UUID.fromString(text) : null;
    }
}
