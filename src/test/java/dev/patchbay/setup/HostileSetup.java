package dev.patchbay.setup;

import java.util.List;
import java.util.Set;

/**
 * One generated call of the setup endpoint: which provider, which method, the body as sent, the
 * secret values it carries (which must never come back) and the shape of its body, which decides the
 * statuses it may get.
 */
record HostileSetup(String slug, String method, String body, List<String> secrets, Shape shape) {
    static final String POST = "POST";
    static final String PATCH = "PATCH";
    static final String DRY_RUN = "POST ?dry_run=true";

    /** How the body was built from the provider's fields. */
    enum Shape {
        /** A JSON object: every field valid, omitted, or any JSON value at all. */
        OBJECT,
        /** The object with one key given twice. */
        DUPLICATE_KEY,
        /** The object cut short. */
        TRUNCATED,
        /** The object followed by another JSON value. */
        TRAILING_VALUE,
        /** The object inside an array, or a JSON value that is not an object. */
        NOT_AN_OBJECT
    }

    /** The statuses this call may get: never a 5xx, and for broken JSON only a 400 (or 413 first). */
    Set<Integer> allowedStatuses() {
        if (HostileSetupProperties.overLimit(body)) {
            return Set.of(413);
        }
        return switch (shape) {
            case DUPLICATE_KEY, TRUNCATED, TRAILING_VALUE -> Set.of(400);
            // JSON nested deeper than the parser allows is a 400 too.
            case OBJECT, NOT_AN_OBJECT -> method.equals(PATCH) ? Set.of(200, 400, 409, 422) : Set.of(200, 400, 422);
        };
    }

    @Override
    public String toString() {
        return method + " " + slug + " " + shape + " " + HostileSetupProperties.abbreviated(body);
    }
}
