package dev.patchbay.testing;

import dev.patchbay.verify.NameResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A resolver for verification in which a test decides what a name resolves to, in which order: what
 * no DNS on a test machine can be made to give, such as one name with a public and a private address.
 * Names it was not told about resolve as the JDK resolves them. Thread-safe.
 */
public final class FakeNameResolver implements NameResolver {
    private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();

    /** From now on, {@code host} resolves to {@code addresses} (IP literals), in this order. */
    public void answer(String host, String... addresses) {
        List<InetAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            try {
                // A literal is parsed, never looked up.
                parsed.add(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP literal: " + address, e);
            }
        }
        answers.put(host, List.copyOf(parsed));
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        List<InetAddress> answer = answers.get(host);
        return answer == null ? SYSTEM.resolve(host) : answer.toArray(InetAddress[]::new);
    }
}
