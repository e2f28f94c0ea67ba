package dev.patchbay.http;

import java.util.UUID;

/** Connection ids in paths and query strings: only the canonical lower-case form is an id. */
final class Uuids {
    private static final int LENGTH = 36;

    private Uuids() {
    }

    /**
     * The id written as {@code text}, or null when it is not a canonical UUID: 8-4-4-4-12 lower-case hex
     * digits. Checked character by character; a regular expression cost a fresh credentials read more
     * than its access-log line.
     */
    static UUID parse(String text) {
        if (text == null || text.length() != LENGTH) {
            return null;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean valid = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!valid) {
                return null;
            }
        }
        return UUID.fromString(text);
    }
}
