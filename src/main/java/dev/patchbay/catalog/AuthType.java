package dev.patchbay.catalog;

import java.util.Arrays;
import java.util.Optional;

/** How a provider authenticates; the wire value is the lower-case name used in descriptors and the API. */
public enum AuthType {
    OAUTH2("oauth2"), API_KEY("api_key"), BASIC("basic"), NONE("none");

    private final String wire;

    AuthType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The type whose wire value is {@code value}, or empty when there is none. */
    public static Optional<AuthType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
