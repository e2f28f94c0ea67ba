package dev.patchbay.proxy;

import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy. Towards the provider: none of Patchbay's own credentials
 * ({@code X-API-Key}, {@code Authorization}), no {@code Cookie}, no {@code Host}, no hop-by-hop header
 * (RFC 9110 §7.6.1, including those the caller's {@code Connection} names), no {@code Patchbay-*}
 * control header, and none the credential sets. Back to the caller: everything but hop-by-hop headers
 * and the few Patchbay answers with itself ({@code Date}, {@code Cache-Control}, its security
 * headers). Stateless and thread-safe.
 */
final class HeaderRules {
    /** Hop-by-hop (RFC 9110 §7.6.1), and the lengths and framing the client and server set themselves. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "http2-settings");
    private static final Set<String> NEVER_FORWARDED = Set.of("x-api-key", "authorization", "cookie", "host",
            "content-length", "expect");
    /**
     * Patchbay sets these on every answer: no cache may keep a provider's answer about a user (it was
     * fetched with their credential), and the date is the answering server's.
     */
    private static final Set<String> ANSWERED_BY_PATCHBAY = Set.of("date", "cache-control", "x-content-type-options",
            "x-request-id");
    static final String CONTROL_PREFIX = "patchbay-";

    private HeaderRules() {
    }

    /** The caller's headers that go to the provider, in order. */
    static List<Map.Entry<String, String>> towardsProvider(List<Map.Entry<String, String>> headers,
                                                          Set<String> credentialHeaders) {
        Set<String> named = new HashSet<>();
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("connection")) {
                for (String token : header.getValue().split(",")) {
                    named.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !NEVER_FORWARDED.contains(name) && !named.contains(name)
                    && !name.startsWith(CONTROL_PREFIX) && !credentialHeaders.contains(name)) {
                kept.add(header);
            }
        }
        return kept;
    }

    /** The provider's headers that go back to the caller. */
    static Map<String, List<String>> backToCaller(HttpHeaders headers) {
        Set<String> named = new HashSet<>();
        headers.allValues("connection").forEach(value -> {
            for (String token : value.split(",")) {
                named.add(token.strip().toLowerCase(Locale.ROOT));
            }
        });
        Map<String, List<String>> kept = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(":") && !HOP_BY_HOP.contains(lower) && !named.contains(lower)
                    && !ANSWERED_BY_PATCHBAY.contains(lower)) {
                kept.put(name, values);
            }
        });
        return kept;
    }
}
