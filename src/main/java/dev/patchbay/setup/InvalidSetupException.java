package dev.patchbay.setup;

import dev.patchbay.catalog.FieldError;

import java.util.List;

/** A configuration failed validation; {@link #errors()} has one entry per problem, none quoting a value. */
public final class InvalidSetupException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidSetupException(List<FieldError> errors) {
        // An answer to the client (4xx), not a fault: a stack trace would cost more than the answer.
        super("the configuration is not valid for this provider", null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
