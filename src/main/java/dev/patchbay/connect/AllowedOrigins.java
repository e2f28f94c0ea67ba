package dev.patchbay.connect;

import dev.patchbay.catalog.FieldError;

import java.util.List;

/**
 * The origins the operator allows a session's {@code return_url} and {@code origin} to use
 * ({@code PATCHBAY_CONNECT_ALLOWED_ORIGINS}): an exact match of scheme, host and port, so Patchbay
 * never redirects a browser, or posts a result, anywhere else. None allowed refuses both. Patchbay's
 * own origin is always allowed as an {@code origin}: its console opens the popup, and a result posted
 * to the origin that served the callback page tells no one else anything. Immutable.
 */
final class AllowedOrigins {
    private final List<String> origins;

    /** {@code origins}: normalized by {@link WebOrigins}. */
    AllowedOrigins(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /** {@code url} when it is an absolute http(s) URL without a fragment at an allowed origin; else adds an error. */
    String returnUrl(String url, List<FieldError> errors) {
        if (url == null) {
            return null;
        }
        String origin = WebOrigins.originOfUrl(url);
        if (origin == null || url.contains("#")) {
            errors.add(new FieldError("/return_url", "must be an absolute http or https URL without a fragment"));
        } else if (!origins.contains(origin)) {
            errors.add(new FieldError("/return_url", notAllowed()));
        }
        return url;
    }

    /** {@code text} normalized when it is exactly an allowed origin or {@code own}; else adds an error. */
    String origin(String text, String own, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        String origin = WebOrigins.normalize(text);
        if (origin == null) {
            errors.add(new FieldError("/origin", "must be an origin: scheme, host and port only, such as"
                    + " https://app.example.com"));
        } else if (!origins.contains(origin) && !origin.equals(own)) {
            errors.add(new FieldError("/origin", notAllowed()));
        }
        return origin;
    }

    private String notAllowed() {
        return origins.isEmpty()
                ? "no origin is allowed: the operator sets PATCHBAY_CONNECT_ALLOWED_ORIGINS"
                : "its origin is not one of PATCHBAY_CONNECT_ALLOWED_ORIGINS";
    }
}
