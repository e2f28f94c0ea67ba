package dev.patchbay.verify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Small helpers shared by the checks: parsing a built URL, and making text safe to keep in a detail. */
public final class Targets {
    /** Longest error code kept in a detail; real codes are short tokens such as {@code invalid_client}. */
    static final int MAX_TOKEN = 40;

    private Targets() {
    }

    /** {@code url} as an absolute http(s) URI with a host and no user info, or null when it is not one. */
    public static URI parse(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * {@code raw} reduced to a short token of letters, digits and {@code _.:-} (anything else is
     * dropped), or null when nothing is left. What a service sends back is never kept whole.
     */
    public static String token(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < raw.length() && token.length() <= MAX_TOKEN; i++) {
            char c = raw.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-') {
                token.append(c);
            }
        }
        if (token.length() == 0) {
            return null;
        }
        return token.length() > MAX_TOKEN ? token.substring(0, MAX_TOKEN) + "…" : token.toString();
    }

    /** {@code {a}, {b}} for a message. */
    static String names(List<String> properties) {
        return properties.stream().map(p -> "{" + p + "}").collect(Collectors.joining(", "));
    }
}
