package dev.patchbay.verify;

/** Why a verification is not ok; the wire value is the lower-case name used in the API. */
public enum Reason {
    /** The service answered and did not accept the configuration. */
    REJECTED("rejected"),
    /** No usable answer: the address was refused, the connection failed, a redirect, or a server error. */
    UNREACHABLE("unreachable"),
    /** No answer within the time limit. */
    TIMEOUT("timeout"),
    /** The provider has no check Patchbay can run. */
    NOT_SUPPORTED("not_supported");

    private final String wire;

    Reason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The reason whose wire value is {@code value}, or null when there is none. */
    public static Reason parse(String value) {
        for (Reason reason : values()) {
            if (reason.wire.equals(value)) {
                return reason;
            }
        }
        return null;
    }
}
