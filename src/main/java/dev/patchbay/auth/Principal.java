package dev.patchbay.auth;

/** Who made a request: the name of the key it carried (the audit actor) and that key's scope. */
public record Principal(String name, KeyScope scope) {
    public boolean mayWrite() {
        return scope == KeyScope.ADMIN;
    }
}
