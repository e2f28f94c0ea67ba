package dev.patchbay.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Web origins (RFC 6454: scheme, host and port) as one normalized text, {@code scheme://host[:port]}
 * in lower case without the scheme's default port, so that two spellings of one origin compare equal
 * and nothing else does. Stateless.
 */
public final class WebOrigins {
    private WebOrigins() {
    }

    /** {@code text} normalized when it is exactly an http(s) origin (no path, query, fragment or user info), else null. */
    public static String normalize(String text) {
        URI uri = parse(text);
        if (uri == null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return null;
        }
        return originOf(uri);
    }

    /** Whether {@code url} is an absolute http(s) URL with a host, without user info, query or fragment. */
    public static boolean isBaseUrl(String url) {
        URI uri = parse(url);
        return uri != null && uri.getRawQuery() == null && uri.getRawFragment() == null;
    }

    /** The normalized origin of an absolute http(s) URL, or null when {@code url} is not one. */
    public static String originOfUrl(String url) {
        URI uri = parse(url);
        return uri == null ? null : originOf(uri);
    }

    private static String originOf(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** An absolute http(s) URI with a host and no user info, or null. */
    private static URI parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.isOpaque()) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
