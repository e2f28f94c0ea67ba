package dev.patchbay.setup;

import dev.patchbay.catalog.AuthType;

/**
 * Filters and a page window for listing providers. Null filters match everything; {@code query} is
 * already lower-cased; {@code afterSlug} is the last slug of the previous page, or null;
 * {@code verifiedOk} keeps the set-up providers whose last verification passed (true) or failed (false).
 */
public record ListQuery(Boolean setupComplete, Boolean verifiedOk, AuthType authType, String category, String query,
                        int limit, String afterSlug) {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    public ListQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
    }

    boolean matches(ProviderView view) {
        return (setupComplete == null || setupComplete == view.setupComplete())
                && (verifiedOk == null || lastVerificationIs(view, verifiedOk))
                && (authType == null || authType == view.descriptor().authType())
                && (category == null || category.equals(view.descriptor().category()))
                && (query == null || view.descriptor().matches(query));
    }

    private static boolean lastVerificationIs(ProviderView view, boolean ok) {
        return view.setup() != null && view.setup().lastVerification() != null
                && view.setup().lastVerification().ok() == ok;
    }
}
