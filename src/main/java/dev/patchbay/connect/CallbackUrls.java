package dev.patchbay.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.patchbay.catalog.AuthType;
import dev.patchbay.catalog.ProviderDescriptor;

import java.util.function.Supplier;

/**
 * The {@code redirect_uri} of a provider's flows: the setup's own {@code redirect_uri} when it has
 * one, else Patchbay's public URL with {@link #PATH}. Thread-safe.
 */
public final class CallbackUrls {
    public static final String PATH = "/v1/connectors/oauth/callback";

    private final Supplier<String> publicUrl;

    /** {@code publicUrl}: where browsers reach Patchbay, without a trailing slash; asked on each use. */
    public CallbackUrls(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** The callback URL of an oauth2 provider with the setup {@code config} (masked or not; null: not set up), else null. */
    public String of(ProviderDescriptor provider, JsonNode config) {
        if (provider.authType() != AuthType.OAUTH2) {
            return null;
        }
        JsonNode own = config == null ? null : config.get("redirect_uri");
        return own != null && own.isTextual() && !own.textValue().isBlank() ? own.textValue() : defaultUrl();
    }

    /** Patchbay's own callback URL. */
    public String defaultUrl() {
        return publicUrl.get() + PATH;
    }

    /** The origin of Patchbay's public URL, normalized by {@link WebOrigins}. */
    String ownOrigin() {
        return WebOrigins.originOfUrl(publicUrl.get());
    }

    /** The URL a browser opens to start the flow of {@code providerSlug}, without its token. */
    String authorizePath(String providerSlug) {
        return publicUrl.get() + "/v1/connectors/oauth/" + providerSlug + "/authorize";
    }
}
