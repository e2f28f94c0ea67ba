package dev.patchbay.verify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Refuses destinations inside the operator's own network: loopback, private (RFC 1918), shared
 * (RFC 6598), link-local, unique-local (RFC 4193), site-local, unspecified and multicast addresses.
 * A host is refused when any of its addresses is one, since the connection may use any of them.
 * Thread-safe (immutable).
 */
final class AddressGuard {
    private final boolean allowPrivate;

    AddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Throws {@link RefusedDestinationException} when {@code addresses} of {@code host} may not be called. */
    void check(String host, InetAddress[] addresses) throws RefusedDestinationException {
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
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "shared (carrier-grade NAT)";
            }
            if (first == 255 && second == 255 && (bytes[2] & 0xff) == 255 && (bytes[3] & 0xff) == 255) {
                return "broadcast";
            }
        } else if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return "unique-local";
            }
            if (isEmbeddedIpv4(bytes)) {
                try {
                    return internalKind(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (java.net.UnknownHostException e) {
                    return "unrecognised";
                }
            }
        }
        return null;
    }

    /** IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 destination. */
    private static boolean isEmbeddedIpv4(byte[] bytes) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= bytes[i] == 0;
        }
        boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = bytes[i] == 0;
        }
        return compatible || nat64;
    }
}
