package dev.patchbay.catalog;

/** One OAuth scope a provider requests by default, with the provider's own description of it. */
public record Scope(String name, String description) {
}
