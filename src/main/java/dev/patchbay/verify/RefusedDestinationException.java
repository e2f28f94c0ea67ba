package dev.patchbay.verify;

import java.io.IOException;

/** A check was not sent because its destination is not allowed; the message names only the host and the rule. */
public final class RefusedDestinationException extends IOException {
    RefusedDestinationException(String message) {
        super(message);
    }
}
