package dev.patchbay.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.catalog.ApiSpec;
import dev.patchbay.catalog.AuthType;
import dev.patchbay.catalog.ConfigSchema;
import dev.patchbay.catalog.ProviderDescriptor;
import dev.patchbay.connections.ConnectionService;
import dev.patchbay.crypto.Secret;
import dev.patchbay.verify.SetupConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a connection's calls go and what credential they carry, from the descriptor's {@code api}
 * block: the base URL with its placeholders filled, and the headers and query parameters to add. An
 * oauth2 token goes in {@code Authorization: Bearer}; an api_key or basic credential where the block
 * says. Placeholders name a connection value ({@code {connection.instance_url}}), a field of the
 * connection's own credential, or a setup field (its value, its secret, else its schema default).
 * Holds plaintext credentials: build one per call, never log or keep it. Immutable.
 */
record ApiTarget(URI base, Map<String, String> headers, Map<String, String> query) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");
    private static final String CONNECTION_PREFIX = "connection.";

    ApiTarget {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** Throws {@link ProxyFailedException} ({@code NO_API}) when the provider's API cannot be called. */
    static ApiTarget of(ConnectionService.ApiAccess access) {
        ProviderDescriptor provider = access.provider();
        ApiSpec api = provider.api();
        if (api == null) {
            throw noApi("the provider's descriptor does not say where its API is (no api block)");
        }
        Values values = new Values(access);
        URI base = baseUrl(values.fill(api.baseUrl(), true));
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        if (provider.authType() == AuthType.OAUTH2) {
            // Plaintext leaves here only for the provider's own API, in the request it is built for.
            headers.put("Authorization", "Bearer " + access.credentials().accessToken().revealPlaintext());
        } else {
            api.headers().forEach((name, template) -> headers.put(name, values.fill(template, false)));
            api.query().forEach((name, template) -> query.put(name, values.fill(template, false)));
            if (api.basicAuth() != null) {
                String pair = values.fill(api.basicAuth().username(), false) + ":"
                        + values.fill(api.basicAuth().password(), false);
                headers.put("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return new ApiTarget(base, headers, query);
    }

    /** Names the host only: the headers and query hold the credential. */
    @Override
    public String toString() {
        return "ApiTarget[host=" + base.getHost() + "]";
    }

    /** The lower-case names of the headers this target sets, which the caller's must not repeat. */
    java.util.Set<String> headerNames() {
        java.util.Set<String> names = new java.util.HashSet<>();
        headers.keySet().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        return names;
    }

    private static URI baseUrl(String filled) {
        try {
            URI uri = new URI(filled);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw noApi("the provider's API base URL, once filled in, is not an http(s) URL with a host");
    }

    private static ProxyFailedException noApi(String message) {
        return new ProxyFailedException(ProxyFailedException.Reason.NO_API, message);
    }

    /** The values placeholders are filled from, in the order they are looked up. */
    private record Values(ConnectionService.ApiAccess access) {
        String fill(String template, boolean url) {
            StringBuilder out = new StringBuilder();
            Matcher placeholder = PLACEHOLDER.matcher(template);
            int last = 0;
            while (placeholder.find()) {
                out.append(template, last, placeholder.start());
                String value = value(placeholder.group(1));
                if (value == null) {
                    throw noApi("the setup or the connection has no value for {" + placeholder.group(1)
                            + "}, which the provider's API needs");
                }
                if (!url) {
                    out.append(value);
                } else if (placeholder.start() == 0) {
                    // A placeholder that starts the URL stands for a whole base URL (a setup's, an org's).
                    out.append(stripTrailingSlashes(value));
                } else {
                    out.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
                }
                last = placeholder.end();
            }
            return out.append(template.substring(last)).toString();
        }

        private String value(String name) {
            if (name.startsWith(CONNECTION_PREFIX)) {
                return blankToNull(access.connectionValues().get(name.substring(CONNECTION_PREFIX.length())));
            }
            Secret field = access.credentials().fields().get(name);
            if (field != null) {
                return blankToNull(field.revealPlaintext());
            }
            SetupConfig setup = access.setup().orElse(null);
            if (setup != null) {
                String value = setup.value(name);
                if (value == null && setup.secrets().get(name) != null) {
                    value = setup.secrets().get(name).revealPlaintext();
                }
                if (blankToNull(value) != null) {
                    return value;
                }
            }
            String fallback = schemaDefault(access.provider().configSchema(), name);
            return fallback != null ? fallback : schemaDefault(access.provider().connectionSchema(), name);
        }

        private static String schemaDefault(ConfigSchema schema, String name) {
            if (schema == null) {
                return null;
            }
            JsonNode fallback = schema.json().path("properties").path(name).get("default");
            return fallback != null && fallback.isValueNode() && !fallback.isNull() ? blankToNull(fallback.asText()) : null;
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        private static String stripTrailingSlashes(String value) {
            int end = value.length();
            while (end > 0 && value.charAt(end - 1) == '/') {
                end--;
            }
            return value.substring(0, end);
        }
    }
}
