package dev.patchbay.http;

import dev.patchbay.setup.ProviderView;

/**
 * The strong entity tag of a provider, the same from the Javalin routes and from
 * {@link ProviderReadShortcut}: {@code "<revision>"} while nothing but the setup can change the body,
 * {@code "<revision>-<content version>"} once something else can (a verification), so that a tag
 * changes whenever the body does. Stateless.
 */
final class EntityTags {
    private EntityTags() {
    }

    static String of(ProviderView view) {
        String version = view.contentVersion();
        return version == null ? "\"" + view.revision() + "\"" : "\"" + view.revision() + "-" + version + "\"";
    }
}
