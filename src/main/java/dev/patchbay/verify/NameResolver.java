package dev.patchbay.verify;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Finds every address of a host name that verification is about to call, for the address guard to
 * judge. {@link #SYSTEM}, the JDK's resolver, is the only one the service uses; tests pass another to
 * make a name resolve to addresses that no DNS on a test machine gives. Implementations are
 * thread-safe, never return an empty array, and throw {@link UnknownHostException} for a name with no
 * address. May block: the caller bounds the wait.
 */
@FunctionalInterface
public interface NameResolver {
    NameResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
