package dev.patchbay.testing.oauth;

import java.util.Map;

/** The query parameters one {@code GET /authorize} carried, in order of arrival. */
public record AuthorizeRequest(Map<String, String> params) {
    public AuthorizeRequest {
        params = Map.copyOf(params);
    }

    /** The parameter's value, or null when absent. */
    public String param(String name) {
        return params.get(name);
    }
}
