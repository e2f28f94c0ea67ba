package dev.patchbay.connections;

/** Who asks for a change, for the audit trail: the key's name and the request's id. */
public record Actor(String name, String requestId) {
}
