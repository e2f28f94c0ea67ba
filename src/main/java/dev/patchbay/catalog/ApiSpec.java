package dev.patchbay.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How calls reach the provider's API as a connection, from the descriptor's {@code api} block (used
 * by the proxy). Immutable. Templates hold {@code {field}} placeholders naming a {@code config_schema}
 * or {@code connection_schema} property, or {@code {connection.value}} naming one of the oauth2
 * block's {@code connection_values}. {@code headers}, {@code query} and {@code basicAuth} say where
 * an api_key or basic credential goes (an oauth2 token always goes in {@code Authorization: Bearer}).
 *
 * @param basicAuth null unless the credential goes in HTTP Basic authentication
 */
public record ApiSpec(String baseUrl, Map<String, String> headers, Map<String, String> query, BasicAuth basicAuth) {

    public ApiSpec {
        Objects.requireNonNull(baseUrl, "baseUrl");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    /** User name and password templates of HTTP Basic authentication. */
    public record BasicAuth(String username, String password) {
        public BasicAuth {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }
}
