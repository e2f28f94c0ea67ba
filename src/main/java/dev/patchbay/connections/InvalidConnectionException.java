package dev.patchbay.connections;

import dev.patchbay.catalog.FieldError;

import java.util.List;

/** A connection to import failed validation; one entry per problem, none quoting a value. */
public final class InvalidConnectionException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidConnectionException(List<FieldError> errors) {
        super("the connection is not valid", null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
