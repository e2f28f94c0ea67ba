package dev.patchbay.catalog;

/**
 * One validation problem: a JSON pointer into the submitted configuration and a message that never
 * quotes the submitted value.
 */
public record FieldError(String pointer, String message) {
}
