package dev.patchbay.catalog;

/** A descriptor file breaks a rule; the message names the file and the rule, and start-up stops. */
public final class InvalidDescriptorException extends RuntimeException {
    public InvalidDescriptorException(String source, String problem) {
        super("invalid provider descriptor " + source + ": " + problem);
    }
}
