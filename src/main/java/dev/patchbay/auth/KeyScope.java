package dev.patchbay.auth;

import java.util.Locale;
import java.util.Optional;

/** What a key may do: {@code admin} everything, {@code read} only GET calls. */
public enum KeyScope {
    ADMIN, READ;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyScope> parse(String value) {
        for (KeyScope scope : values()) {
            if (scope.wire().equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
