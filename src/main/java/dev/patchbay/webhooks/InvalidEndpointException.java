package dev.patchbay.webhooks;

import dev.patchbay.catalog.FieldError;

import java.util.List;

/** A webhook endpoint request that is not valid; nothing was stored. */
public final class InvalidEndpointException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidEndpointException(List<FieldError> errors) {
        super("the webhook endpoint is not valid", null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
