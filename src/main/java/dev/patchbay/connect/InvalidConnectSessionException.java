package dev.patchbay.connect;

import dev.patchbay.catalog.FieldError;

import java.util.List;

/** A connect session request that cannot start a flow, with one error per problem; nothing was stored. */
public final class InvalidConnectSessionException extends RuntimeException {
    private final List<FieldError> errors;

    InvalidConnectSessionException(List<FieldError> errors) {
        super("invalid connect session", null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
