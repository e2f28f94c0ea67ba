package dev.patchbay.setup;

import dev.patchbay.catalog.FieldError;

import java.util.List;

/** A configuration failed validation; {@link #errors()} has one entry per problem, none quoting a value. */
public final class InvalidSetupException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidSetupException(List<FieldError> errors) {
        super("the configuration is not valid for this provider");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
