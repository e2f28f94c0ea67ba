package dev.patchbay.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.catalog.ConfigSchema;
import dev.patchbay.crypto.Secret;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code {property}} placeholders of a descriptor template from a setup: its value, else its
 * secret, else the property's schema {@code default}. Thread-safe (immutable).
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    /** A filled template, or the names of the properties that had no value (then {@code text} is null). */
    public record Filled(String text, List<String> missing) {
        public boolean complete() {
            return missing.isEmpty();
        }
    }

    private final ConfigSchema schema;
    private final SetupConfig config;

    public Placeholders(ConfigSchema schema, SetupConfig config) {
        this.schema = schema;
        this.config = config;
    }

    /**
     * A URL. A placeholder that starts the template stands for a whole base URL from the setup or
     * the schema and is used as it is, less a trailing slash; any other value is percent-encoded, so
     * it cannot move the request to another host or path.
     */
    public Filled url(String template) {
        return fill(template, true);
    }

    /** A header value or a Basic authentication part: values are used exactly as they are. */
    public Filled text(String template) {
        return fill(template, false);
    }

    private Filled fill(String template, boolean url) {
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        int last = 0;
        while (placeholder.find()) {
            out.append(template, last, placeholder.start());
            String value = value(placeholder.group(1));
            if (value == null) {
                missing.add(placeholder.group(1));
            } else if (url) {
                String base = stripTrailingSlashes(value);
                out.append(placeholder.start() == 0 ? base : UrlEncoding.percent(base));
            } else {
                out.append(value);
            }
            last = placeholder.end();
        }
        out.append(template.substring(last));
        return missing.isEmpty() ? new Filled(out.toString(), List.of()) : new Filled(null, List.copyOf(missing));
    }

    private String value(String field) {
        String value = config.value(field);
        if (value == null) {
            Secret secret = config.secrets().get(field);
            // Plaintext leaves here only to be sent to the provider's own URL, in the request it checks.
            value = secret == null ? null : secret.revealPlaintext();
        }
        if (value == null) {
            JsonNode fallback = schema.json().path("properties").path(field).get("default");
            value = fallback != null && fallback.isValueNode() && !fallback.isNull() ? fallback.asText() : null;
        }
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
