package dev.patchbay.verify;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses destinations inside the operator's own network: loopback, private (RFC 1918), shared
 * (RFC 6598), benchmarking (RFC 2544), reserved (240.0.0.0/4), link-local, unique-local (RFC 4193),
 * site-local, unspecified and multicast addresses, local-use NAT64 (RFC 8215), and IPv6 addresses that
 * embed an IPv4 one of these kinds. A host is refused when any of its addresses is one, since the connection may use any of them.
 * Thread-safe (immutable).
 */
public final class AddressGuard {
    private static final byte[] NAT64_WELL_KNOWN = {0x00, 0x64, (byte) 0xff, (byte) 0x9b};
    private static final byte[] NAT64_LOCAL_USE = {0x00, 0x64, (byte) 0xff, (byte) 0x9b, 0x00, 0x01};
    private static final byte[] SIX_TO_FOUR = {0x20, 0x02};
    private static final byte[] TEREDO = {0x20, 0x01, 0x00, 0x00};

    private final boolean allowPrivate;

    public AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Throws {@link RefusedDestinationException} when {@code addresses} of {@code host} may not be called. */
    public void check(String host, InetAddress[] addresses) throws RefusedDestinationException {
        if (allowPrivate) {
            return;
        }
        for (InetAddress address : addresses) {
            String kind = internalKind(address);
            if (kind != null) {
                throw new RefusedDestinationException(host + " resolves to a " + kind
                        + " address, which verification may not call (see PATCHBAY_VERIFY_ALLOW_PRIVATE)");
            }
        }
    }

    /** The kind of internal address {@code address} is, or null when it is a public one. */
    static String internalKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return internalIpv4Kind(bytes);
        }
        if ((bytes[0] & 0xfe) == 0xfc) {
            return "unique-local";
        }
        if (startsWith(bytes, NAT64_LOCAL_USE)) {
            // RFC 8215: not globally reachable, and a network may place the IPv4 part anywhere in it.
            return "local-use NAT64";
        }
        for (byte[] ipv4 : embeddedIpv4(bytes)) {
            String kind = internalKind(ipv4Address(ipv4));
            if (kind != null) {
                return kind;
            }
        }
        return null;
    }

    private static String internalIpv4Kind(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (first == 0) {
            return "unspecified";
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return "shared (carrier-grade NAT)";
        }
        if (first == 198 && (second == 18 || second == 19)) {
            return "benchmarking (RFC 2544)";
        }
        if (first >= 240) {
            // 240.0.0.0/4 is reserved; its last address, 255.255.255.255, is the broadcast one.
            return first == 255 && second == 255 && (bytes[2] & 0xff) == 255 && (bytes[3] & 0xff) == 255
                    ? "broadcast" : "reserved";
        }
        return null;
    }

    /**
     * The IPv4 addresses that {@code ipv6} carries, each of which the connection may end up reaching:
     * IPv4-compatible {@code ::a.b.c.d}, IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-translated
     * {@code ::ffff:0:a.b.c.d} (RFC 2765), NAT64 {@code 64:ff9b::a.b.c.d} (RFC 6052), 6to4
     * {@code 2002:AABB:CCDD::/48} (RFC 3056) and Teredo {@code 2001:0::/32} (RFC 4380), whose server
     * is bits 32-63 and whose client is the last 32 bits inverted.
     */
    private static List<byte[]> embeddedIpv4(byte[] ipv6) {
        if (isZero(ipv6, 0, 10) && (isZero(ipv6, 10, 12) || isOnes(ipv6, 10, 12))) {
            return List.of(Arrays.copyOfRange(ipv6, 12, 16));
        }
        if (isZero(ipv6, 0, 8) && isOnes(ipv6, 8, 10) && isZero(ipv6, 10, 12)) {
            return List.of(Arrays.copyOfRange(ipv6, 12, 16));
        }
        if (startsWith(ipv6, NAT64_WELL_KNOWN) && isZero(ipv6, 4, 12)) {
            return List.of(Arrays.copyOfRange(ipv6, 12, 16));
        }
        if (startsWith(ipv6, SIX_TO_FOUR)) {
            return List.of(Arrays.copyOfRange(ipv6, 2, 6));
        }
        if (startsWith(ipv6, TEREDO)) {
            byte[] client = Arrays.copyOfRange(ipv6, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return List.of(Arrays.copyOfRange(ipv6, 4, 8), client);
        }
        return List.of();
    }

    private static InetAddress ipv4Address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOnes(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }
}
