package dev.patchbay.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a key may do: {@code admin} everything; {@code read} only GET calls, and not a connection's
 * credentials; {@code connect} (an application's backend) connect sessions, connections, their
 * credentials and the proxy, nothing else.
 */
public enum KeyScope {
    ADMIN, READ, CONNECT;

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
