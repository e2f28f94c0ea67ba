package dev.patchbay.verify;

/** What one check concluded, before it is stamped and scrubbed; {@code reason} is null when ok. */
record Verdict(Reason reason, String detail) {
    static Verdict ok(String detail) {
        return new Verdict(null, detail);
    }

    static Verdict failed(Reason reason, String detail) {
        return new Verdict(reason, detail);
    }
}
