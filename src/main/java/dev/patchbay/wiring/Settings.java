package dev.patchbay.wiring;

import dev.patchbay.connect.WebOrigins;
import dev.patchbay.proxy.ProxySettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Patchbay's configuration, read from {@code PATCHBAY_*} environment variables. Immutable.
 *
 * @param masterKey    the configured master key, or null to use (or create) the key file
 * @param adminApiKey  an admin key to accept under the name {@code env}, or null
 * @param databaseUrl  a JDBC URL, or null for SQLite in {@code dataDir}
 * @param providersDir extra or overriding descriptors, or null
 * @param verifyTimeout the limit of each outbound verification call: 5 seconds, or less when configured
 * @param publicUrl    where browsers and providers reach Patchbay, without a trailing slash, or null for
 *                     {@code http://127.0.0.1:<the port listened on>}
 * @param connectAllowedOrigins the origins a connect session's {@code return_url} and {@code origin}
 *                     may use; empty when none is configured
 * @param webhookPollInterval how long the webhook dispatcher waits, when it found nothing to do, before
 *                     it looks again (PATCHBAY_WEBHOOK_POLL_MS, default 1000)
 * @param webhookLease how long a claimed delivery stays with the instance that claimed it: past it,
 *                     another instance takes it over (PATCHBAY_WEBHOOK_LEASE_MS, default 60000, at least 20000)
 * @param proxy        the proxy's body limit, time limits and concurrency ({@code PATCHBAY_PROXY_*})
 */
public record Settings(String host, int port, Path dataDir, String databaseUrl, String masterKey,
                       String adminApiKey, Path providersDir, boolean verifyAllowPrivate, Duration verifyTimeout,
                       String publicUrl, List<String> connectAllowedOrigins, Duration webhookPollInterval,
                       Duration webhookLease, ProxySettings proxy) {

    public Settings {
        connectAllowedOrigins = List.copyOf(connectAllowedOrigins);
    }

    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                env.getOrDefault("PATCHBAY_HOST", "0.0.0.0"),
                port(env.getOrDefault("PATCHBAY_PORT", "8080")),
                Path.of(env.getOrDefault("PATCHBAY_DATA_DIR", "./data")),
                blankToNull(env.get("PATCHBAY_DATABASE_URL")),
                blankToNull(env.get("PATCHBAY_MASTER_KEY")),
                blankToNull(env.get("PATCHBAY_ADMIN_API_KEY")),
                blankToNull(env.get("PATCHBAY_PROVIDERS_DIR")) == null ? null : Path.of(env.get("PATCHBAY_PROVIDERS_DIR")),
                bool("PATCHBAY_VERIFY_ALLOW_PRIVATE", env.getOrDefault("PATCHBAY_VERIFY_ALLOW_PRIVATE", "false")),
                verifyTimeout(env.getOrDefault("PATCHBAY_VERIFY_TIMEOUT_MS", "5000")),
                publicUrl(blankToNull(env.get("PATCHBAY_PUBLIC_URL"))),
                allowedOrigins(env.getOrDefault("PATCHBAY_CONNECT_ALLOWED_ORIGINS", "")),
                millis("PATCHBAY_WEBHOOK_POLL_MS", env.getOrDefault("PATCHBAY_WEBHOOK_POLL_MS", "1000"), 10, 60_000),
                millis("PATCHBAY_WEBHOOK_LEASE_MS", env.getOrDefault("PATCHBAY_WEBHOOK_LEASE_MS", "60000"), 20_000,
                        3_600_000),
                proxy(env));
    }

    /** {@code PATCHBAY_PROXY_*}: each within a range that keeps one call from taking the whole service. */
    private static ProxySettings proxy(Map<String, String> env) {
        boolean allowPrivate = bool("PATCHBAY_VERIFY_ALLOW_PRIVATE", env.getOrDefault("PATCHBAY_VERIFY_ALLOW_PRIVATE", "false"));
        return new ProxySettings(
                number(env, "PATCHBAY_PROXY_MAX_BODY_BYTES", ProxySettings.DEFAULT_MAX_BODY_BYTES, 0, 1L << 31),
                (int) number(env, "PATCHBAY_PROXY_REPLAY_BYTES", ProxySettings.DEFAULT_REPLAY_BYTES, 0, 16L << 20),
                Duration.ofMillis(number(env, "PATCHBAY_PROXY_CONNECT_TIMEOUT_MS",
                        ProxySettings.DEFAULT_CONNECT_TIMEOUT.toMillis(), 1, 60_000)),
                Duration.ofMillis(number(env, "PATCHBAY_PROXY_TIMEOUT_MS",
                        ProxySettings.DEFAULT_RESPONSE_TIMEOUT.toMillis(), 1, 600_000)),
                (int) number(env, "PATCHBAY_PROXY_MAX_CONCURRENT", ProxySettings.DEFAULT_MAX_CONCURRENT, 1, 4096),
                Duration.ofMillis(number(env, "PATCHBAY_PROXY_MAX_RETRY_WAIT_MS",
                        ProxySettings.DEFAULT_MAX_RETRY_WAIT.toMillis(), 0, 60_000)),
                allowPrivate);
    }

    private static long number(Map<String, String> env, String name, long fallback, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max);
    }

    /** An absolute http(s) URL with a host and nothing after its path; a trailing slash is dropped. */
    private static String publicUrl(String value) {
        if (value == null) {
            return null;
        }
        String url = value.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!WebOrigins.isBaseUrl(url)) {
            throw new IllegalArgumentException("PATCHBAY_PUBLIC_URL must be an absolute http or https URL with a host,"
                    + " without user info, query or fragment");
        }
        return url;
    }

    /**
     * Comma-separated origins ({@code scheme://host[:port]}, a trailing slash allowed), each normalized;
     * blanks between commas are ignored.
     */
    private static List<String> allowedOrigins(String value) {
        List<String> origins = new ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String entry = part.strip();
            // A browser's Origin never ends in a slash, but an operator may well write one.
            String origin = WebOrigins.normalize(entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry);
            if (origin == null) {
                throw new IllegalArgumentException("PATCHBAY_CONNECT_ALLOWED_ORIGINS must list origins such as"
                        + " https://app.example.com or http://localhost:3000, separated by commas (no path)");
            }
            origins.add(origin);
        }
        return origins;
    }

    /** Milliseconds, 1 to 5000: the contract caps every outbound call at 5 seconds, so it can only be shortened. */
    private static Duration verifyTimeout(String value) {
        try {
            int millis = Integer.parseInt(value.strip());
            if (millis >= 1 && millis <= 5000) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PATCHBAY_VERIFY_TIMEOUT_MS must be a number of milliseconds from 1 to 5000");
    }

    private static Duration millis(String name, String value, int min, int max) {
        try {
            int millis = Integer.parseInt(value.strip());
            if (millis >= min && millis <= max) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number of milliseconds from " + min + " to " + max);
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("PATCHBAY_PORT must be a number from 0 to 65535");
    }

    private static boolean bool(String name, String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        // Never print the keys themselves.
        return "Settings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", database="
                + (databaseUrl == null ? "sqlite" : "configured") + ", masterKey=" + (masterKey == null ? "file" : "configured")
                + ", adminApiKey=" + (adminApiKey == null ? "none" : "configured") + ", providersDir=" + providersDir
                + ", verifyAllowPrivate=" + verifyAllowPrivate + ", verifyTimeout=" + verifyTimeout
                + ", publicUrl=" + publicUrl + ", connectAllowedOrigins=" + connectAllowedOrigins
                + ", webhookPollInterval=" + webhookPollInterval + ", webhookLease=" + webhookLease + ", proxy=" + proxy + "]";
    }
}
