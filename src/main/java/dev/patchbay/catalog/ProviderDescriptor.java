package dev.patchbay.catalog;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One provider of the catalog, as its descriptor file describes it. Immutable; {@code oauth2} is
 * null unless {@code authType} is {@link AuthType#OAUTH2}; {@code verify} is never null; {@code api}
 * is null when the descriptor does not say how to call the provider's API; {@code connectionSchema}
 * (api_key and basic only) is null when a connection uses the setup's own credential.
 */
public record ProviderDescriptor(
        String slug,
        UUID id,
        String displayName,
        String description,
        String category,
        AuthType authType,
        String executionStrategy,
        String docsUrl,
        List<Scope> defaultScopes,
        OAuthEndpoints oauth2,
        ConfigSchema configSchema,
        VerifySpec verify,
        ApiSpec api,
        ConfigSchema connectionSchema) {

    /** The rule every slug follows; it keeps slugs safe in URLs, file names and SQL. */
    public static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");

    public ProviderDescriptor {
        Objects.requireNonNull(slug, "slug");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("provider_slug must match " + SLUG.pattern());
        }
        Objects.requireNonNull(configSchema, "configSchema");
        Objects.requireNonNull(verify, "verify");
        defaultScopes = List.copyOf(defaultScopes);
    }

    /** Whether {@code q} (already lower-cased) occurs in the slug, display name or description. */
    public boolean matches(String lowerCaseQuery) {
        return slug.contains(lowerCaseQuery)
                || displayName.toLowerCase(java.util.Locale.ROOT).contains(lowerCaseQuery)
                || description.toLowerCase(java.util.Locale.ROOT).contains(lowerCaseQuery);
    }
}
